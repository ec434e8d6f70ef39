package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/job"
	"golang.org/x/term"
)

// printer reports a job: deal events on stdout, as a table or as JSON lines
// with --json; progress (on a terminal) and the summary on stderr.
type printer struct {
	stdout, stderr io.Writer
	json           bool
	tty            bool // stderr is a terminal: show progress
	mu             sync.Mutex
	header         bool
	progress       bool // a progress line is on screen
	failures       []job.Outcome
}

func newPrinter(stdout, stderr io.Writer, asJSON bool) *printer {
	return &printer{stdout: stdout, stderr: stderr, json: asJSON, tty: isTerminal(stderr)}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (p *printer) Deal(ev pipeline.DealEvent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	if p.json {
		data, err := json.Marshal(ev)
		if err == nil {
			fmt.Fprintf(p.stdout, "%s\n", data)
		}
		return
	}
	if !p.header {
		fmt.Fprintf(p.stdout, "%-12s  %-7s  %-44s  %-28s  %s\n", "TYPE", "STATUS", "PARTIES", "TITLES", "SOURCE")
		p.header = true
	}
	parties := make([]string, 0, len(ev.Deal.Parties))
	for _, pt := range ev.Deal.Parties {
		parties = append(parties, pt.Name)
	}
	titles := strings.Join(ev.Deal.Titles, ", ")
	if titles == "" {
		titles = "-"
	}
	src := ev.Article.Source
	if src == "" {
		src = ev.Article.URL
	}
	fmt.Fprintf(p.stdout, "%-12s  %-7s  %-44s  %-28s  %s\n", ev.Deal.Type, ev.Deal.Status,
		clip(strings.Join(parties, ", "), 44), clip(titles, 28), src)
}

func (p *printer) Done(o job.Outcome) {
	if o.Status != pipeline.StatusFailed {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures = append(p.failures, o)
}

func (p *printer) Progress(c job.Counts) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.stderr, "\r\033[Kfetched %d/%d · extracted %d · failed %d · deals %d · %.1f articles/s",
		c.Fetched, c.Inputs, c.Extracted, c.Failed, c.Deals, c.Rate())
	p.progress = true
}

func (p *printer) clearProgress() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *printer) clearLocked() {
	if p.progress {
		fmt.Fprint(p.stderr, "\r\033[K")
		p.progress = false
	}
}

// summary prints the end-of-run summary on stderr.
func (p *printer) summary(c job.Counts, db string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintf(p.stderr, "dealwire: %s: %d extracted, %d failed; %s in %.1fs (%.1f articles/s); deal store %s\n",
		plural(c.Inputs, "input"), c.Extracted, c.Failed, plural(c.Deals, "deal event"), c.Elapsed.Seconds(), c.Rate(), db)
	for _, f := range p.failures {
		fmt.Fprintf(p.stderr, "  failed  %s: %s (%s)\n", f.Source, f.Reason, f.Stage)
	}
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// plural writes a count and a noun, with an s unless the count is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
