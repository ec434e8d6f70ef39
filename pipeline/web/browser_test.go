package web

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
)

var update = flag.Bool("update", false, "write the browser test's screenshot of the deals page to docs/deals-page.png")

// screenshotPath is the README's screenshot, from this package.
var screenshotPath = filepath.Join("..", "..", "docs", "deals-page.png")

// browser finds a Chromium or Chrome. Without one the test is skipped,
// except in CI (CI=true), where it fails.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const why = "no chromium, chromium-browser or google-chrome on PATH"
	if os.Getenv("CI") == "true" {
		t.Fatal(why + ": CI must install chromium (.ci/run does)")
	}
	t.Skip(why + ": install chromium to run the browser test")
	return ""
}

// TestBrowser opens the pages in headless Chromium, as a person would:
// the list of deals, a click to a deal, a click to one of its companies.
func TestBrowser(t *testing.T) {
	bin := browser(t)
	st := pipelinetest.DealStore(t)
	srv := httptest.NewServer(Handler(st, pipelinetest.Logger(t)))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.WindowSize(1100, 640))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	ctx, cancel = chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancel()

	browse(ctx, t, "open the list", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("table.deals")))
	seeAll(t, "the list", value(ctx, t, chromedp.Text(chromedp.CSS("main"))), "Deals", "Northwind Pictures", "Lumen Streaming",
		"The Harbour Lights", "Copperleaf Games", "Salt Road", "Bramble Audio", "undated", "acquisition", "talks")
	saveScreenshot(t, value(ctx, t, chromedp.CaptureScreenshot()))

	browse(ctx, t, "click the licensing deal",
		chromedp.Click(chromedp.Search(`//tr[contains(., "The Harbour Lights")]//a[text()="details"]`)),
		chromedp.WaitVisible(chromedp.CSS("blockquote.evidence")))
	seeAll(t, "the deal page", value(ctx, t, chromedp.Text(chromedp.CSS("main"))), "Parties", "licensor", "licensee", "Northwind",
		"episodes", "10", "France, Belgium", "12,000,000 EUR", "exclusive", "Status history", "talks", "agreed", "Sources (2)",
		"Lumen Streaming has acquired the exclusive rights to the ten-episode series The Harbour Lights from Northwind.",
		"Northwind Pictures is in talks with Lumen Streaming over the French rights to The Harbour Lights.",
		"Lumen Streaming lands The Harbour Lights")
	link := value(ctx, t, chromedp.AttributeValue(chromedp.Search(`//article//h3/a[contains(., "lands The Harbour Lights")]`), "href"))
	if link.Value != "https://news.example.com/harbour-lights-deal" {
		t.Errorf("article link %q", link.Value)
	}

	browse(ctx, t, "click a company",
		chromedp.Click(chromedp.Search(`//table[contains(@class, "kv")]//a[text()="Lumen Streaming"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.deals")))
	if title := value(ctx, t, chromedp.Title()); !strings.HasPrefix(title, "Lumen Streaming") {
		t.Errorf("company page title %q", title)
	}
	company := value(ctx, t, chromedp.Text(chromedp.CSS("main")))
	seeAll(t, "the company page", company, "Lumen Streaming", "Party to 3 deals", "The Harbour Lights", "Salt Road", "Copperleaf Games")
	if strings.Contains(company, "Bramble Audio") {
		t.Error("the company page lists a deal Lumen Streaming is not party to")
	}
}

// browse runs steps in the browser; the test stops at the first that fails.
func browse(ctx context.Context, t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// value runs an action that reads the page and returns what it read.
func value[T any](ctx context.Context, t *testing.T, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	return v
}

func seeAll(t *testing.T, page, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not show %q; it shows:\n%s", page, w, text)
		}
	}
}

// saveScreenshot keeps the screenshot with the test's files, and with
// -update as the README's.
func saveScreenshot(t *testing.T, png []byte) {
	t.Helper()
	if len(png) == 0 {
		t.Fatal("empty screenshot")
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "deals-page.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(screenshotPath, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", screenshotPath)
	}
}
