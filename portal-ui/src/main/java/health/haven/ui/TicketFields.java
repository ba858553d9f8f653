package health.haven.ui;

import health.haven.provisioning.request.Ticket;

/**
 * The ticket fields a request form posts (optional): the ticketing system, the ticket's
 * id and a link to it.
 */
public abstract class TicketFields {

	private String ticketSystem;

	private String ticketId;

	private String ticketUrl;

	/**
	 * The ticket, or {@code null} when no ticket id was typed.
	 */
	protected Ticket ticket() {
		return isBlank(this.ticketId) ? null
				: new Ticket(blankToNull(this.ticketSystem), this.ticketId.strip(), blankToNull(this.ticketUrl));
	}

	private static boolean isBlank(String text) {
		return text == null || text.isBlank();
	}

	private static String blankToNull(String text) {
		return isBlank(text) ? null : text.strip();
	}

	public String getTicketSystem() {
		return this.ticketSystem;
	}

	public void setTicketSystem(String ticketSystem) {
		this.ticketSystem = ticketSystem;
	}

	public String getTicketId() {
		return this.ticketId;
	}

	public void setTicketId(String ticketId) {
		this.ticketId = ticketId;
	}

	public String getTicketUrl() {
		return this.ticketUrl;
	}

	public void setTicketUrl(String ticketUrl) {
		this.ticketUrl = ticketUrl;
	}

}
