package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// Secrets set in the environment and given as flags must show in no help,
// usage error or connection error. TestHelpAndUsage covers plain --help
// with secrets in the environment; these cover the other ways in.

const (
	envPassword = "pw-env-5ecret"
	envToken    = "tok-env-5ecret"
	urlPassword = "pw-url-5ecret"
	flagPwd     = "pw-flag-5ecret"
	flagToken   = "tok-flag-5ecret"
)

var allSecrets = []string{envPassword, envToken, urlPassword, flagPwd, flagToken}

func setSecretEnv(t *testing.T) {
	t.Helper()
	t.Setenv("NATS_PASSWORD", envPassword)
	t.Setenv("NATS_TOKEN", envToken)
	t.Setenv("NATS_URL", "nats://alice:"+urlPassword+"@127.0.0.1:1")
	t.Setenv("NATS_USER", "alice")
}

func assertNoSecret(t *testing.T, what string, secrets []string, outputs ...string) {
	t.Helper()
	for _, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s shows secret %q:\n%s", what, s, out)
			}
		}
	}
}

// TestHelpHidesSecrets asks every command for help in every form, with
// secrets in the environment and on the command line, and feeds it an
// unknown flag: the output shows no secret.
func TestHelpHidesSecrets(t *testing.T) {
	setSecretEnv(t)
	forms := []struct {
		name string
		args []string
		help bool // a request for help: exit 0 with the usage line
	}{
		{"--help", []string{"--help"}, true},
		{"-h", []string{"-h"}, true},
		{"secret flags then --help", []string{"--password", flagPwd, "--token", flagToken, "--help"}, true},
		{"--help then secret flags", []string{"--help", "--password", flagPwd, "--token=" + flagToken}, true},
		{"unknown flag", []string{"--no-such-flag", "--token=" + flagToken}, false},
	}
	// Commands with subcommands are asked through them.
	subcommands := map[string][]string{"dlq": {"dlq list", "dlq replay"}, "sources": {"sources add", "sources list", "sources remove"}}
	var names []string
	for _, c := range commands {
		switch {
		case c.name == "version":
		case subcommands[c.name] != nil:
			names = append(names, subcommands[c.name]...)
		default:
			names = append(names, c.name)
		}
	}
	for _, name := range names {
		for _, f := range forms {
			t.Run(name+" "+f.name, func(t *testing.T) {
				code, out, errOut := runCmd(t, append(strings.Fields(name), f.args...)...)
				assertNoSecret(t, strings.Join(f.args, " "), allSecrets, out, errOut)
				switch {
				case !f.help:
					if code == 0 || !strings.Contains(errOut, "no-such-flag") {
						t.Errorf("unknown flag: exit %d\n%s", code, errOut)
					}
				case code == 0:
					if !strings.Contains(errOut, "Usage: dealwire "+name) {
						t.Errorf("no usage line:\n%s", errOut)
					}
				default:
					// Commands without NATS flags, or with subcommands, reject
					// the secret flags; the usage error shows no value either.
					if !strings.Contains(errOut, "-password") {
						t.Errorf("exit %d:\n%s", code, errOut)
					}
				}
			})
		}
	}
	for _, args := range [][]string{nil, {"help"}, {"--help"}, {"frobnicate"}} {
		_, out, errOut := runCmd(t, args...)
		assertNoSecret(t, "dealwire "+strings.Join(args, " "), allSecrets, out, errOut)
	}
}

// runWithin runs the command with a deadline; a command that cannot reach
// NATS retries until then.
func runWithin(d time.Duration, args ...string) (int, string, string) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestConnectErrorsHideSecrets connects the stage commands, at debug log
// level, to a server that requires a user and password, with wrong and
// right credentials, and to an address where nothing listens: errors and
// logs show no secret, and URLs are shown redacted.
func TestConnectErrorsHideSecrets(t *testing.T) {
	const serverPwd = "pw-server-5ecret"
	url := follow(t, t.TempDir(), "--user", "alice", "--password", serverPwd, "--no-extract", "--no-sink")
	withPwd := func(pw string) string { return strings.Replace(url, "://", "://alice:"+pw+"@", 1) }
	dead := "nats://alice:" + urlPassword + "@" + freeAddr(t)
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		want     string // in stderr, or stdout for a success
	}{
		{"fetch wrong env password", map[string]string{"NATS_PASSWORD": envPassword},
			[]string{"fetch", "--nats", url, "--user", "alice", fixtures("000.html")[0]}, 1, "authorization violation"},
		{"extract wrong flag password", nil,
			[]string{"extract", "--nats", url, "--user", "alice", "--password", flagPwd}, 1, "authorization violation"},
		{"sink wrong password in URL", nil,
			[]string{"sink", "--nats", withPwd(urlPassword), "--data-dir", t.TempDir()}, 1, "alice:redacted@"},
		{"watch token instead of password", map[string]string{"NATS_TOKEN": envToken},
			[]string{"watch", "--nats", url}, 1, "authorization violation"},
		{"fetch right env password", map[string]string{"NATS_PASSWORD": serverPwd},
			[]string{"fetch", "--nats", url, "--user", "alice", fixtures("000.html")[0]}, 0, "published"},
		{"watch unreachable", nil, []string{"watch", "--nats", dead}, -1, "alice:redacted@"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NATS_URL", "")
			t.Setenv("NATS_USER", "")
			t.Setenv("NATS_PASSWORD", "")
			t.Setenv("NATS_TOKEN", "")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			args := append([]string{tt.args[0], "--log-level", "debug"}, tt.args[1:]...)
			code, out, errOut := runWithin(3*time.Second, args...)
			if tt.wantCode >= 0 && code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, out, errOut)
			}
			if !strings.Contains(strings.ToLower(out+errOut), tt.want) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tt.want, out, errOut)
			}
			assertNoSecret(t, "output", append(allSecrets, serverPwd), out, errOut)
		})
	}
}
