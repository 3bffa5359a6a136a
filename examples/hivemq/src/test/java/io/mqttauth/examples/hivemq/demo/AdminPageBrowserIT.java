package io.mqttauth.examples.hivemq.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mqttauth.FailureReason;
import io.mqttauth.examples.hivemq.Mqtt;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page in a real headless browser: Debian's {@code chromium} driven through {@code /usr/bin/chromedriver}
 * by Selenium, given both paths so that nothing is looked up or downloaded at test time. The demo jar runs in its own
 * JVM with {@code --admin-port}; after a refused password and a refused anonymous client, the page shows both with
 * their reasons and remedies, a client id with markup as plain text, filters by reason, sorts by last seen, and
 * counts the decisions by reason. A screenshot is written to {@code target/admin-page.png}. A second demo with
 * {@code --admin-token-file} shows nothing without credentials, and its page with the token as a Basic password.
 * Without chromium or chromedriver the test is skipped, except when the environment variable {@code CI} is set, where
 * it fails.
 */
class AdminPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String MARKUP_ID = "<b>not-bold</b>";

    private static DemoProcess demo;
    private static ChromeDriver browser;

    @BeforeAll
    static void startDemoAndBrowser() throws Exception {
        requireChromium();
        demo = DemoProcess.start();
        int port = demo.mqttPort();
        assertThat(Mqtt.connect5(Mqtt.v5(port, "thermostat-7"), "alice", "not-her-password")).isEqualTo(0x87);
        Thread.sleep(20); // the two refusals' last-seen times differ
        assertThat(Mqtt.connect3(Mqtt.v3(port, MARKUP_ID), null, null)).isEqualTo(5);

        // No Selenium Manager: the driver and the browser are given, so nothing is searched for or downloaded.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,900", "--lang=en-US");
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail("/usr/bin/chromium and /usr/bin/chromedriver are required in CI: install Debian's chromium and"
                    + " chromium-driver");
        }
        Assumptions.abort("chromium or chromedriver not installed (apt-get install chromium chromium-driver)");
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#clients tbody tr"));
    }

    /**
     * The text of one column, read in one script: the page re-renders its tables every 5 seconds, so elements found
     * one by one may be replaced between two reads.
     */
    private static List<String> column(String cssClass) {
        return texts("Array.from(document.querySelectorAll('#clients tbody tr td.' + arguments[0]))"
                + ".map(td => td.innerText)", cssClass);
    }

    private static List<String> texts(String expression, Object... args) {
        Object value = browser.executeScript("return " + expression + ";", args);
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }

    @Test
    void thePageShowsRefusedClientsReasonsAndRemediesFiltersAndSorts() throws Exception {
        browser.get(demo.adminUrl());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> rows().size() == 2);

        // newest first: the anonymous client, then alice's thermostat
        assertThat(column("client-id")).containsExactly(MARKUP_ID, "thermostat-7");
        assertThat(browser.findElements(By.cssSelector("#clients td.client-id b"))).as("markup rendered").isEmpty();
        assertThat(column("username")).containsExactly("", "alice");
        assertThat(column("reason")).containsExactly(
                FailureReason.ANONYMOUS_NOT_ALLOWED.code() + "\n" + FailureReason.ANONYMOUS_NOT_ALLOWED.description(),
                FailureReason.PASSWORD_MISMATCH.code() + "\n" + FailureReason.PASSWORD_MISMATCH.description());
        assertThat(column("remedy")).containsExactly(FailureReason.ANONYMOUS_NOT_ALLOWED.remedy(),
                FailureReason.PASSWORD_MISMATCH.remedy());
        assertThat(column("attempts")).containsExactly("1", "1");

        assertThat(texts("Array.from(document.querySelectorAll('#decisions tbody tr'))"
                + ".map(tr => Array.from(tr.cells).map(td => td.innerText).join(' '))"))
                .anySatisfy(t -> assertThat(t).startsWith("connect PASSWORD_MISMATCH 1 "))
                .anySatisfy(t -> assertThat(t).startsWith("connect ANONYMOUS_NOT_ALLOWED 1 "));

        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "admin-page.png"), StandardCopyOption.REPLACE_EXISTING);

        Select filter = new Select(browser.findElement(By.id("reason-filter")));
        assertThat(filter.getOptions()).extracting(WebElement::getText)
                .containsExactly("All reasons", "ANONYMOUS_NOT_ALLOWED", "PASSWORD_MISMATCH");
        filter.selectByValue("PASSWORD_MISMATCH");
        assertThat(column("client-id")).containsExactly("thermostat-7");
        assertThat(browser.findElement(By.id("client-count")).getText()).isEqualTo("1 of 2 shown");
        // the filter stays through the page's own refresh
        Thread.sleep(6_000);
        assertThat(column("client-id")).containsExactly("thermostat-7");
        filter.selectByValue("");
        assertThat(column("client-id")).containsExactly(MARKUP_ID, "thermostat-7");

        browser.findElement(By.id("sort-last-seen")).click();
        assertThat(column("client-id")).containsExactly("thermostat-7", MARKUP_ID);
    }

    @Test
    void aBrowserOpensTheTokenProtectedPageWithTheTokenAsItsBasicPassword() throws Exception {
        String token = "9d2b7c4e1f0a3b5c6d7e8f9a0b1c2d3e";
        Path tokenFile = Files.createTempFile("admin", ".token");
        Files.writeString(tokenFile, token + "\n");
        try (DemoProcess guarded = DemoProcess.start("--admin-token-file", tokenFile.toString())) {
            assertThat(Mqtt.connect5(Mqtt.v5(guarded.mqttPort(), "meter-3"), "alice", "wrong")).isEqualTo(0x87);

            browser.get(guarded.adminUrl());
            // A browser without the credentials gets the sign-in prompt (blank when headless), not the page.
            assertThat(browser.findElements(By.id("clients"))).isEmpty();
            assertThat(browser.getPageSource()).doesNotContain("meter-3");

            // What a user types into the browser's sign-in prompt, given here in the URL: any name, the token.
            browser.get(guarded.adminUrl().replace("http://", "http://operator:" + token + "@"));
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> rows().size() == 1);
            assertThat(column("client-id")).as("the page's own API calls carry the credentials")
                    .containsExactly("meter-3");
            assertThat(column("reason")).singleElement().asString().startsWith(FailureReason.PASSWORD_MISMATCH.code());
        } finally {
            Files.delete(tokenFile);
        }
    }
}
