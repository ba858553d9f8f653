package health.haven.ui.environment;

import java.util.List;

/**
 * A unified diff as lines to show, each with what it is: a line added, a line removed, a
 * header, or context. Shown as text, never as markup: a hand edit is anyone's input.
 */
public final class DiffLines {

	private DiffLines() {
	}

	public static List<Line> of(String diff) {
		if (diff == null || diff.isEmpty()) {
			return List.of();
		}
		return diff.lines().map(DiffLines::line).toList();
	}

	private static Line line(String text) {
		if (text.startsWith("+++") || text.startsWith("---") || text.startsWith("diff ") || text.startsWith("index ")
				|| text.startsWith("new file") || text.startsWith("deleted file")) {
			return new Line("diff-header", text);
		}
		if (text.startsWith("@@")) {
			return new Line("diff-hunk", text);
		}
		if (text.startsWith("+")) {
			return new Line("diff-added", text);
		}
		if (text.startsWith("-")) {
			return new Line("diff-removed", text);
		}
		return new Line("diff-context", text);
	}

	/**
	 * One line of the diff and how it is styled.
	 */
	public record Line(String kind, String text) {
	}

}
