package health.haven.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import health.haven.provisioning.catalog.Catalog;
import health.haven.provisioning.catalog.ParameterField;
import health.haven.provisioning.environment.EnvironmentView;
import health.haven.provisioning.request.RequestType;
import health.haven.provisioning.request.RequestView;

/**
 * Parameters as people read them: by the titles the catalog version it was made from
 * gives them, in the order of its form, with lists and flags in words.
 */
@Component
public class RequestParameters {

	private final Catalog catalog;

	RequestParameters(Catalog catalog) {
		this.catalog = catalog;
	}

	public List<Row> of(RequestView request) {
		return of(request.catalogItem(), request.catalogVersion(), request.parameters());
	}

	/**
	 * Parameters of the given catalog item version, by their titles.
	 */
	public List<Row> of(String catalogItem, int catalogVersion, Map<String, Object> parameters) {
		List<ParameterField> fields = this.catalog.version(catalogItem, catalogVersion)
			.map((item) -> this.catalog.parameterSchema(item).fields())
			.orElse(List.of());
		Map<String, Object> values = new LinkedHashMap<>(parameters);
		List<Row> rows = new ArrayList<>();
		for (ParameterField field : fields) {
			if (values.containsKey(field.name())) {
				rows.add(new Row(field.name(), field.title(), words(values.remove(field.name()))));
			}
		}
		// a parameter the form no longer knows is still shown, by its name
		values.forEach((name, value) -> rows.add(new Row(name, name, words(value))));
		return rows;
	}

	/**
	 * What an open UPDATE would change in its environment as it is now; nothing for any
	 * other request, or without the environment.
	 */
	public List<Changed> changedBy(RequestView request, EnvironmentView environment) {
		if (request.type() != RequestType.UPDATE || !request.state().isOpen() || environment == null) {
			return List.of();
		}
		return changed(of(environment.catalogItem(), environment.catalogVersion(), environment.parameters()),
				of(request));
	}

	/**
	 * What a change of parameters changes: each parameter whose value differs between the
	 * rows in force and the rows asked for, by its title; one added or dropped shows
	 * "none" on the side that lacks it.
	 */
	public static List<Changed> changed(List<Row> inForce, List<Row> asked) {
		Map<String, Row> before = new LinkedHashMap<>();
		inForce.forEach((row) -> before.put(row.name(), row));
		List<Changed> changed = new ArrayList<>();
		for (Row after : asked) {
			Row was = before.remove(after.name());
			if (was == null || !was.value().equals(after.value())) {
				changed
					.add(new Changed(after.name(), after.title(), (was != null) ? was.value() : "none", after.value()));
			}
		}
		before.values().forEach((was) -> changed.add(new Changed(was.name(), was.title(), was.value(), "none")));
		return changed;
	}

	private static String words(Object value) {
		if (value instanceof List<?> list) {
			return list.isEmpty() ? "none" : list.stream().map(String::valueOf).collect(Collectors.joining(", "));
		}
		if (value instanceof Boolean flag) {
			return flag ? "yes" : "no";
		}
		return String.valueOf(value);
	}

	/**
	 * One parameter a change changes, with its value in words before and after.
	 */
	public record Changed(String name, String title, String before, String after) {
	}

	/**
	 * One parameter: its name in the API, its title in the catalog, its value in words.
	 */
	public record Row(String name, String title, String value) {
	}

}
