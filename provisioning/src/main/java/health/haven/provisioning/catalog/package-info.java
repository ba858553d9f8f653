/**
 * The service catalog: items loaded from reviewed YAML files, stored with a version that
 * never changes once written, so that every request pins exactly what it was made from.
 */
@NamedInterface("catalog")
package health.haven.provisioning.catalog;

import org.springframework.modulith.NamedInterface;
