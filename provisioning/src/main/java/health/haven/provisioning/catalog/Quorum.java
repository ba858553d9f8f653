package health.haven.provisioning.catalog;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How many distinct people a stage takes: {@code ANY} one of them, {@code ALL} of a named
 * group, or a number ({@code 2}: two distinct people). Written in a catalog file as
 * {@code quorum: ANY}, {@code quorum: ALL} or {@code quorum: 2}.
 */
public record Quorum(Kind kind, int count) {

	public static final Quorum ANY = new Quorum(Kind.ANY, 1);

	public static final Quorum ALL = new Quorum(Kind.ALL, 0);

	public enum Kind {

		ANY, ALL, COUNT

	}

	public Quorum {
		if (kind == Kind.COUNT && count < 1) {
			throw new IllegalArgumentException("A quorum must be at least 1 person, ANY or ALL: " + count);
		}
	}

	public static Quorum of(int count) {
		return new Quorum(Kind.COUNT, count);
	}

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static Quorum parse(Object value) {
		if (value instanceof Number number) {
			return of(number.intValue());
		}
		String text = String.valueOf(value).strip().toUpperCase(Locale.ROOT);
		return switch (text) {
			case "ANY" -> ANY;
			case "ALL" -> ALL;
			default -> {
				try {
					yield of(Integer.parseInt(text));
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("A quorum is ANY, ALL or a number of people: " + value);
				}
			}
		};
	}

	@JsonValue
	public Object json() {
		return (this.kind == Kind.COUNT) ? Integer.valueOf(this.count) : this.kind.name();
	}

	/**
	 * How it reads to people: {@code any one}, {@code all of the group},
	 * {@code 2 people}.
	 */
	@Override
	public String toString() {
		return switch (this.kind) {
			case ANY -> "ANY";
			case ALL -> "ALL";
			case COUNT -> Integer.toString(this.count);
		};
	}

}
