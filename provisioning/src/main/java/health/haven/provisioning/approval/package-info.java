/**
 * Approval of requests: decisions and how a policy's stages progress with them.
 * Separation of duties is enforced here: nobody approves their own request, and one
 * person counts once per request.
 */
@NamedInterface("approval")
package health.haven.provisioning.approval;

import org.springframework.modulith.NamedInterface;
