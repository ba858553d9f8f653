/**
 * Rendering environments as Kubernetes objects: one renderer per catalog template id,
 * building YAML trees that a YAML library writes, so that no parameter can inject YAML.
 */
package health.haven.gitops.render;
