/**
 * People and teams: who may request for which team, who may approve. Local accounts keep
 * only a one-way password hash; people signing in through an identity provider have none.
 */
@NamedInterface("people")
package health.haven.provisioning.people;

import org.springframework.modulith.NamedInterface;
