package health.haven.system;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import health.haven.test.PortalTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spine through the pages, in real Chromium: alice requests a staging environment
 * from the form generated from the catalog item's schema, bob approves it from his queue
 * in a browser of his own, and alice's open request page shows it committed with its SHA,
 * without a reload.
 */
class BrowserStoryTests extends PortalTest {

	@Test
	void requestApproveAndSeeItCommitted() throws Exception {
		String base = "http://localhost:" + this.port;
		try (Browser alice = new Browser(base); Browser bob = new Browser(base)) {
			alice.signIn("alice", "alice-demo");
			alice.open("/catalog");
			alice.screenshot("01-catalog");
			alice.click(By.cssSelector("#item-odoo-dedicated a.button"));

			// a name that is not DNS-1123, too few workers, a bad network: each shown at
			// its field, in words
			alice.type(By.id("environment"), "Web Staging");
			alice.type(By.id("param-workers"), "1");
			alice.type(By.id("param-adminAllowList"), "10.30.0.0/16\nthe whole internet");
			alice.click(By.id("submit-request"));
			assertThat(alice.find(By.id("environment-error")).getText()).contains("lower-case letters, digits and '-'");
			assertThat(alice.find(By.id("param-workers-error")).getText()).isEqualTo("HTTP workers must be at least 2");
			assertThat(alice.find(By.id("param-adminAllowList-error")).getText())
				.isEqualTo("Entry 2 of Admin IP allow-list must be an IPv4 network in CIDR form, such as 10.0.0.0/8");
			assertThat(alice.find(By.id("environment")).getAttribute("aria-invalid")).isEqualTo("true");
			alice.screenshot("02-form-errors");

			alice.type(By.id("environment"), "web-staging");
			alice.type(By.id("param-workers"), "4");
			new Select(alice.find(By.id("environmentClass"))).selectByValue("staging");
			alice.type(By.id("param-adminAllowList"), "10.30.0.0/16\n192.168.1.0/24");
			alice.type(By.id("ticketSystem"), "jira");
			alice.type(By.id("ticketId"), "OPS-4711");
			alice.click(By.id("submit-request"));
			alice.waitForText(By.id("request-state"), "PENDING_APPROVAL");
			String requestPath = alice.currentPath();
			assertThat(requestPath).matches("/requests/[0-9a-f-]{36}");
			alice.screenshot("03-pending");

			// alice stays on her request's page while bob decides
			bob.signIn("bob", "bob-demo");
			bob.open("/approvals");
			String id = requestPath.substring("/requests/".length());
			assertThat(bob.find(By.cssSelector("#pending-" + id + " h2")).getText()).isEqualTo("finance/web-staging");
			// parameters by their titles, as the catalog names them
			assertThat(bob.find(By.cssSelector("#pending-" + id + " dd[data-parameter=adminAllowList]")).getText())
				.isEqualTo("10.30.0.0/16, 192.168.1.0/24");
			assertThat(bob.find(By.cssSelector("#pending-" + id + " dl.facts")).getText())
				.contains("Admin IP allow-list", "HTTP workers", "Odoo version")
				.doesNotContain("adminAllowList");
			bob.screenshot("04-queue");
			bob.type(By.id("comment-" + id), "CAB approved in the weekly board");
			bob.click(By.cssSelector("#pending-" + id + " button.approve"));
			assertThat(bob.find(By.cssSelector("p.flash")).getText()).contains("Approved");
			bob.screenshot("05-approved");

			// her page follows the request without a reload
			alice.waitForText(By.id("request-state"), "COMMITTED");
			assertThat(alice.currentPath()).isEqualTo(requestPath);
			assertThat(alice.find(By.id("commit-sha")).getText()).matches("[0-9a-f]{40}");
			assertThat(alice.find(By.cssSelector("dd[data-parameter=workers]")).getText()).isEqualTo("4");
			assertThat(alice.find(By.xpath("//dd[@data-parameter='workers']/preceding-sibling::dt[1]")).getText())
				.isEqualTo("HTTP workers");
			alice.screenshot("06-committed");

			bob.signOut();
			bob.open(requestPath);
			assertThat(bob.currentPath()).isEqualTo("/login");
		}
	}

}
