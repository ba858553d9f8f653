/**
 * The GitOps writer: renders approved requests as Kubernetes manifests and commits them
 * to the GitOps repository, one commit per request, and reports the outcome as events.
 * Holds no domain state of its own beyond what the repository records.
 */
package health.haven.gitops;
