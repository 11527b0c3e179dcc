/**
 * The discovery documents kubectl reads before any request (`/api`, `/apis`, and each group
 * version's resource list) and `/version`: what this sandbox serves, and nothing more.
 */
export const SERVER_VERSION = { major: '1', minor: '20', gitVersion: 'v1.20.0-cockpit-sandbox', platform: 'linux/amd64' };

const resource = (name: string, kind: string, verbs: string[], shortNames?: string[]) => ({
  name,
  singularName: '',
  namespaced: true,
  kind,
  verbs,
  ...(shortNames ? { shortNames } : {}),
});

export function discovery(path: string, serverAddress: string): unknown {
  switch (path) {
    case '/version':
      return SERVER_VERSION;
    case '/api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
    case '/apis':
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [
          { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
          // Argo Rollouts' CRDs, as an API server with them installed lists them.
          { name: 'argoproj.io', versions: [{ groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' }], preferredVersion: { groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' } },
        ],
      };
    case '/api/v1':
      return { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('pods', 'Pod', ['get', 'list'], ['po'])] };
    case '/apis/apps/v1':
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'apps/v1',
        resources: [
          resource('deployments', 'Deployment', ['get', 'list', 'patch', 'watch'], ['deploy']),
          resource('replicasets', 'ReplicaSet', ['get', 'list', 'watch'], ['rs']),
        ],
      };
    case '/apis/argoproj.io/v1alpha1':
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'argoproj.io/v1alpha1',
        resources: [
          resource('rollouts', 'Rollout', ['get', 'list', 'patch', 'watch'], ['ro']),
          resource('analysisruns', 'AnalysisRun', ['get', 'list', 'watch'], ['ar']),
        ],
      };
    default:
      return undefined;
  }
}
