package health.haven.provisioning.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the catalog files are read from: by default the catalog shipped with the portal,
 * or a folder the platform team keeps under review
 * ({@code file:/srv/haven/catalog/*.yaml}).
 */
@ConfigurationProperties("haven.catalog")
public record CatalogProperties(@DefaultValue("classpath*:catalog/*.yaml") String location) {

}
