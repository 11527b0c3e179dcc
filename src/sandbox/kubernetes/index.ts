/**
 * The sandbox Kubernetes world and its endpoint. A drill seeds a world (`createWorld`), starts the
 * endpoint with its virtual clock, writes a kubeconfig naming `endpoint.url`, and reads
 * `servingByOrigin(endpoint.world(), ...)` to know which code serves traffic at any moment.
 */
export type * from './model';
export { advance, createWorld, patchDeployment, servingByOrigin, templateOfRevision, type DeploymentSeed, type RevisionSeed, type WorldSeed } from './world';
export { startKubernetesEndpoint, type Fault, type KubernetesEndpoint, type KubernetesEndpointOptions, type RecordedRequest } from './server';
