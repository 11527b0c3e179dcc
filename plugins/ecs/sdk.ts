/**
 * The part of the AWS SDK's ECS client the plugin uses, and all it may use: the plugin reaches the
 * SDK through this module only, and the build makes it a script of its own (dist/vendor/aws.cjs,
 * scripts/vendorChunksPlugin.mjs) holding these and what they need. The whole client's other
 * commands and their schemas cost every start that talks to ECS ~20 ms to load (issue #17).
 */
export {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
