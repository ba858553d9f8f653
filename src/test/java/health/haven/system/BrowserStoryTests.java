package health.haven.system;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spine through the pages, in a real Chromium: alice requests a staging environment
 * from the form generated from the catalog item's schema, bob approves it from his queue,
 * and the request's page shows it committed with its SHA.
 */
class BrowserStoryTests extends PortalTest {

	@Test
	void requestApproveAndSeeItCommitted() throws Exception {
		try (Browser browser = new Browser("http://localhost:" + this.port)) {
			browser.signIn("alice", "alice-demo");
			browser.open("/catalog");
			browser.screenshot("01-catalog");
			browser.click(By.cssSelector("#item-odoo-dedicated a.button"));

			// a name that is not DNS-1123, too few workers, a bad network: each shown at
			// its field
			browser.type(By.id("environment"), "Web Staging");
			browser.type(By.id("param-workers"), "1");
			browser.type(By.id("param-adminAllowList"), "10.30.0.0/16\nthe whole internet");
			browser.click(By.id("submit-request"));
			assertThat(browser.find(By.id("environment-error")).getText()).contains("DNS-1123");
			assertThat(browser.find(By.id("param-workers-error")).getText()).contains("2");
			assertThat(browser.find(By.id("param-adminAllowList-error")).getText()).startsWith("line 2:");
			assertThat(browser.find(By.id("environment")).getAttribute("aria-invalid")).isEqualTo("true");
			browser.screenshot("02-form-errors");

			browser.type(By.id("environment"), "web-staging");
			browser.type(By.id("param-workers"), "4");
			new Select(browser.find(By.id("environmentClass"))).selectByValue("staging");
			browser.type(By.id("param-adminAllowList"), "10.30.0.0/16\n192.168.1.0/24");
			browser.type(By.id("ticketSystem"), "jira");
			browser.type(By.id("ticketId"), "OPS-4711");
			browser.click(By.id("submit-request"));
			browser.waitForText(By.id("request-state"), "PENDING_APPROVAL");
			String requestPath = browser.currentPath();
			assertThat(requestPath).matches("/requests/[0-9a-f-]{36}");
			browser.screenshot("03-pending");
			browser.signOut();

			browser.signIn("bob", "bob-demo");
			browser.open("/approvals");
			String id = requestPath.substring("/requests/".length());
			assertThat(browser.find(By.cssSelector("#pending-" + id + " h2")).getText())
				.isEqualTo("finance/web-staging");
			browser.screenshot("04-queue");
			browser.type(By.id("comment-" + id), "CAB approved in the weekly board");
			browser.click(By.cssSelector("#pending-" + id + " button.approve"));
			assertThat(browser.find(By.cssSelector("p.flash")).getText()).contains("Approved");
			browser.screenshot("05-approved");

			browser.open(requestPath);
			browser.waitForText(By.id("request-state"), "COMMITTED");
			assertThat(browser.find(By.id("commit-sha")).getText()).matches("[0-9a-f]{40}");
			browser.screenshot("06-committed");
		}
	}

}
