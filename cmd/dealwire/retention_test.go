package main

import (
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
	"github.com/nats-io/nats.go/jetstream"
)

// rawLimits reads the retention of the ARTICLES stream, and how many
// pages it holds.
func rawLimits(t *testing.T, js jetstream.JetStream) (time.Duration, int64, uint64) {
	t.Helper()
	info := pipelinetest.StreamInfo(t, js, pipeline.ArticlesStream)
	return info.Config.MaxAge, info.Config.MaxBytes, info.State.Msgs
}

// TestRawRetention: raw articles are kept for the --raw-max-age and
// --raw-max-bytes a stage sets (the defaults on a new stream), a later
// stage updates them, and 'extract --replay' re-extracts what the window
// holds, and nothing it let go.
func TestRawRetention(t *testing.T) {
	srv := pipelinetest.RunBasicJetStreamServer(t)
	url := srv.ClientURL()
	_, js := pipelinetest.Dial(t, url)
	pages := fixtures("000.html", "001.html", "002.html")
	args := append([]string{"run", "--nats", url, "--data-dir", t.TempDir()}, pages...)
	if code, _, stderr := runCmd(t, args...); code != 0 {
		t.Fatalf("run exited %d: %s", code, stderr)
	}
	if age, size, n := rawLimits(t, js); age != defaultRawMaxAge || size != defaultRawMaxBytes || n != 3 {
		t.Errorf("new ARTICLES: max age %s, max bytes %d, %d pages; want %s, %d, 3", age, size, n, time.Duration(defaultRawMaxAge), defaultRawMaxBytes)
	}
	code, _, stderr := runCmd(t, "extract", "--replay", "--nats", url, "--raw-max-age", "1h", "--raw-max-bytes", "64MiB")
	if code != 0 || !strings.Contains(stderr, "replayed 3 raw articles") {
		t.Fatalf("replay within the window: exit %d: %s", code, stderr)
	}
	if age, size, _ := rawLimits(t, js); age != time.Hour || size != 64<<20 {
		t.Errorf("updated ARTICLES: max age %s, max bytes %d; want 1h, 64 MiB", age, size)
	}
	// A window of a second lets the pages go: a replay finds none.
	if code, _, stderr := runCmd(t, "extract", "--replay", "--nats", url, "--raw-max-age", "1s"); code != 0 {
		t.Fatalf("replay: exit %d: %s", code, stderr)
	}
	pipelinetest.WaitFor(t, "raw articles past the window to go", func() bool {
		_, _, n := rawLimits(t, js)
		return n == 0
	})
	if code, _, stderr := runCmd(t, "extract", "--replay", "--nats", url, "--raw-max-age", "1s"); code != 0 || !strings.Contains(stderr, "replayed 0 raw articles") {
		t.Errorf("replay past the window: exit %d: %s", code, stderr)
	}
}

func TestByteSizeFlag(t *testing.T) {
	for in, want := range map[string]int64{"2GiB": 2 << 30, "500MiB": 500 << 20, "1.5 KiB": 1536, "4096": 4096, "3MB": 3e6, "0": 0} {
		var b byteSize
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "lots", "-1GiB", "2XB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) accepted", in)
		}
	}
	b := byteSize(2 << 30)
	if s := b.String(); s != "2GiB" {
		t.Errorf("String() = %q, want 2GiB", s)
	}
}
