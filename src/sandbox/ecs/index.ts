/**
 * The sandbox's ECS world and its endpoint. A drill seeds a world (`createWorld`), starts the
 * endpoint with its virtual clock (`startEcsEndpoint({ world, clock })`), points the `ecs` plugin
 * at `endpoint.url` with throwaway credentials, and reads `servingTasks(endpoint.world(), ...)` to
 * know which revision serves traffic at any moment.
 */
export type * from './model';
export * from './lookups';
export * from './world';
export { runOperation } from './operations';
export { startEcsEndpoint, type EcsEndpoint, type EcsEndpointOptions, type Fault, type FaultKind, type RecordedRequest } from './server';
