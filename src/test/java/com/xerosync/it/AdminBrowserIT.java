package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser (Debian's headless Chromium) walks the admin's path: the admin page, Connect, the sandbox's Xero
 * login, the choice of organisations, Allow access, "Success", the first sync in the Detail view, and Disconnect.
 * Screenshots of each step are kept in target/screenshots. Chromium and chromedriver come from Debian's packages
 * (chromium, chromium-driver), which .ci/run installs; elsewhere the test is skipped unless BROWSER_TESTS=required.
 */
class AdminBrowserIT {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private XeroSyncHarness harness;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_connect_watch_and_disconnect_in_the_browser() throws Exception {
        boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!"required".equals(System.getenv("BROWSER_TESTS"))) {
            assumeTrue(installed, "Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does)");
        }
        assertThat(installed).as("/usr/bin/chromium and /usr/bin/chromedriver").isTrue();
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("browser"));
        overrides.put("sandbox.auto-connect", "false");
        harness = XeroSyncHarness.start(overrides);
        browser = chromium();
        List<String> tenants = harness.sandbox().tenantIds();

        browser.get(harness.serverUrl() + "/admin");
        assertThat(text("integration-status")).isEqualTo("Not connected");
        screenshot("01-admin-not-connected");

        browser.findElement(By.id("connect")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("email")));
        assertThat(browser.getCurrentUrl()).startsWith(harness.sandbox().baseUrl());
        browser.findElement(By.id("email")).sendKeys("demo@xero-sandbox.local");
        browser.findElement(By.id("password")).sendKeys("sandbox");
        screenshot("02-xero-login");
        browser.findElement(By.id("login")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("allow")));

        List<WebElement> offered = browser.findElements(By.name("tenant"));
        assertThat(offered).extracting(e -> e.getAttribute("value")).containsExactlyInAnyOrderElementsOf(tenants);
        screenshot("03-xero-choose-organisations");
        browser.findElement(By.id("allow")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("success")));

        assertThat(browser.getCurrentUrl()).startsWith(harness.serverUrl() + "/admin/callback");
        assertThat(text("success")).contains("Success").contains("The Xero OAuth redirect succeeded");
        screenshot("04-success");

        // the first sync runs by itself; the admin page shows it
        await().atMost(Duration.ofMinutes(3)).until(() -> harness.count("SELECT count(DISTINCT tenant_id) FROM "
                + "xero_sync.sync_run WHERE api = 'profit-and-loss' AND status <> 'running'") == tenants.size());
        // and the rest of its last wave
        await().atMost(Duration.ofMinutes(1)).until(() -> harness.count("SELECT count(*) FROM xero_sync.sync_run "
                + "WHERE status = 'running'") == 0);
        browser.findElement(By.id("continue")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("integration-status")));
        assertThat(text("integration-status")).isEqualTo("Success");
        assertThat(browser.findElements(By.cssSelector("#organisations tr[data-tenant]"))).hasSize(tenants.size());
        screenshot("05-admin-connected");

        String first = tenants.get(0);
        browser.findElement(By.cssSelector("tr[data-tenant='" + first + "'] a.button")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("apis")));
        Map<String, Object> invoices = harness.query("SELECT records, api_calls FROM xero_sync.sync_run WHERE api = 'invoices' "
                + "AND tenant_id = ? ORDER BY run_id DESC LIMIT 1", first).get(0);
        List<WebElement> cells = browser.findElements(By.cssSelector("tr[data-api='xero-invoices'] td"));
        assertThat(cells.get(2).getText()).isEqualTo("success");
        assertThat(cells.get(3).getText()).isEqualTo(invoices.get("records").toString());
        assertThat(cells.get(4).getText()).isEqualTo(invoices.get("api_calls").toString());
        // the day of calls: spent against the day limit, drawn by priority, per API, and the backfills
        long spent = harness.count("SELECT sum(api_calls) FROM xero_sync.sync_run WHERE tenant_id = ?", first);
        WebElement remaining = browser.findElement(By.id("day-remaining"));
        assertThat(remaining.getAttribute("data-spent")).isEqualTo(Long.toString(spent));
        assertThat(browser.findElement(By.id("day-limit")).getAttribute("data-limit")).isEqualTo("5000");
        List<WebElement> columns = browser.findElements(By.cssSelector("#day-chart rect.calls"));
        assertThat(columns).isNotEmpty();
        assertThat(columns.stream().filter(c -> c.getAttribute("class").contains("backfill"))).as("first syncs")
                .isNotEmpty();
        String lastHour = columns.get(columns.size() - 1).getAttribute("data-hour");
        long drawnThisHour = columns.stream().filter(c -> c.getAttribute("data-hour").equals(lastHour))
                .mapToLong(c -> Long.parseLong(c.getAttribute("data-calls"))).sum();
        assertThat(drawnThisHour).as("the last column stacks every call of the day").isEqualTo(spent);
        assertThat(browser.findElements(By.cssSelector("#calls-today tr[data-api='xero-invoices'] td")).get(2).getText())
                .isEqualTo(invoices.get("api_calls").toString());
        assertThat(browser.findElement(By.cssSelector("#backfills tr[data-api='xero-invoices'] .finishes")).getText())
                .isEqualTo("done");
        screenshot("06-detail");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("day-chart")));
        screenshot("06-detail-day-of-calls");

        browser.get(harness.serverUrl() + "/admin");
        browser.findElement(By.cssSelector("tr[data-tenant='" + first + "'] button.danger")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("confirm-disconnect")));
        browser.findElement(By.cssSelector("#confirm-disconnect button.danger")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(
                By.cssSelector("tr[data-tenant='" + first + "'] .status")).getText().contains("disconnected"));
        assertThat(harness.query("SELECT status FROM xero_sync.tenants WHERE tenant_id = ?", first).get(0).get("status"))
                .isEqualTo("disconnected");
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", first))
                .as("kept: purge was not ticked").isPositive();
        screenshot("07-disconnected");
    }

    /** A click that submits a form returns before the next page is there: wait for it (the assertions follow). */
    private void waitFor(ExpectedCondition<?> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // as the machine's notes say: no sandbox as root, and nothing that reaches for the closed network
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("xero-sync-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
