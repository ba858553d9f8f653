/**
 * Which portal replica is the GitOps writer: exactly one at a time writes the repository
 * and watches the cluster, by a lease on an existing mechanism (a PostgreSQL advisory
 * lock, or a Kubernetes {@code Lease} where a cluster is configured); the others serve
 * pages and the API.
 */
package health.haven.gitops.lease;
