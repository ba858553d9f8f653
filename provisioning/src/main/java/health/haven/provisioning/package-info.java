/**
 * The domain of Haven: the service catalog, environment requests and their approval, the
 * people and teams who make and approve them, and the events the other modules react to.
 * Depends on no other module of ours and on no web, git or Kubernetes types.
 */
package health.haven.provisioning;
