/**
 * The sandbox's ECS endpoint accepts any signature; the drill gives the AWS SDK throwaway static
 * credentials so a responder's real ones are never loaded (nor sent anywhere) during a drill.
 */
export function useSandboxAwsCredentials(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_ACCESS_KEY_ID = 'AKIASANDBOXDRILL0000';
  env.AWS_SECRET_ACCESS_KEY = 'sandbox-drill-not-a-secret';
  env.AWS_EC2_METADATA_DISABLED = 'true';
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
}
