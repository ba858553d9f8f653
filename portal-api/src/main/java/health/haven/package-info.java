/**
 * Haven: self-service Odoo environments for healthcare, delivered through GitOps. One
 * application of four modules: provisioning (the domain), gitops-writer, portal-api and
 * portal-ui.
 */
package health.haven;
