/**
 * The GitOps repository: commits built from objects in a bare repository (no working
 * tree), one commit per request with trailers that make re-delivery find it, a
 * compare-and-swap on the branch, and a push to the remote when there is one.
 */
package health.haven.gitops.repository;
