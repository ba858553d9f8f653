/**
 * Reconcile tracking: informers on the GitOps controllers' objects (Argo CD Applications,
 * Flux Kustomizations) tell the portal which revision each environment runs and how it
 * goes; a lost watch makes the environments unknown, never stale.
 */
package health.haven.gitops.reconcile;
