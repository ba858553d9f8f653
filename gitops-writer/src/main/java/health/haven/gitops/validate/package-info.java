/**
 * Offline validation of rendered manifests against the upstream Kubernetes OpenAPI
 * definitions and CRD schemas, strictly: a field the schema does not know is an error, as
 * with {@code kubectl apply --validate=strict}.
 */
package health.haven.gitops.validate;
