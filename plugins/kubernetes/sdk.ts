/**
 * The part of the Kubernetes client the plugin uses, and all it may use: the plugin reaches the
 * client through this module only, and the build makes it a script of its own
 * (dist/vendor/kubernetes.cjs, scripts/vendorChunksPlugin.mjs) holding these and what they need:
 * 2.6 MB, where the whole client's APIs made it 5.4 MB for every start that talks to a cluster
 * (issue #17).
 */
export { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy } from '@kubernetes/client-node';
