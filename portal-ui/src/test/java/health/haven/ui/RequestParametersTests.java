package health.haven.ui;

import java.util.List;

import org.junit.jupiter.api.Test;

import health.haven.ui.RequestParameters.Changed;
import health.haven.ui.RequestParameters.Row;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a change of parameters shows an approver: only what differs, before and after.
 */
class RequestParametersTests {

	@Test
	void aChangeShowsWhatDiffersAndWhatComesOrGoes() {
		List<Row> inForce = List.of(new Row("workers", "HTTP workers", "4"),
				new Row("odooVersion", "Odoo version", "18.0"), new Row("legacy", "legacy", "yes"));
		List<Row> asked = List.of(new Row("workers", "HTTP workers", "6"),
				new Row("odooVersion", "Odoo version", "18.0"), new Row("redis", "Redis", "yes"));
		assertThat(RequestParameters.changed(inForce, asked)).containsExactly(
				new Changed("workers", "HTTP workers", "4", "6"), new Changed("redis", "Redis", "none", "yes"),
				new Changed("legacy", "legacy", "yes", "none"));
		assertThat(RequestParameters.changed(inForce, inForce)).isEmpty();
	}

}
