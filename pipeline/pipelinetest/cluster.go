package pipelinetest

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline/broker"
	"github.com/nats-io/nats-server/v2/server"
)

// RunCluster starts a JetStream cluster of n real nats-servers on loopback
// and waits until it has a meta leader.
func RunCluster(t testing.TB, n int) ([]*server.Server, []string) {
	t.Helper()
	routes := make([]string, n)
	ports := make([]int, n)
	for i := range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = l.Addr().(*net.TCPAddr).Port
		l.Close()
		routes[i] = fmt.Sprintf("nats-route://127.0.0.1:%d", ports[i])
	}
	servers := make([]*server.Server, n)
	urls := make([]string, n)
	for i := range n {
		opts := &server.Options{
			ServerName: fmt.Sprintf("n%d", i+1),
			Host:       "127.0.0.1",
			Port:       server.RANDOM_PORT,
			JetStream:  true,
			StoreDir:   t.TempDir(),
			MaxPayload: broker.DefaultMaxPayload,
			NoSigs:     true,
			Cluster:    server.ClusterOpts{Name: "dealwire-test", Host: "127.0.0.1", Port: ports[i]},
			Routes:     server.RoutesFromStr(strings.Join(routes, ",")),
		}
		ns, err := server.NewServer(opts)
		if err != nil {
			t.Fatal(err)
		}
		go ns.Start()
		t.Cleanup(ns.Shutdown)
		if !ns.ReadyForConnections(30 * time.Second) {
			t.Fatalf("server %d not ready", i+1)
		}
		servers[i], urls[i] = ns, ns.ClientURL()
	}
	// Ready as nats-server's own helpers mean it: a meta leader that counts
	// every peer, and every server current with the meta group, so that
	// the first stream created asks a cluster that can answer.
	WaitFor(t, "a JetStream cluster with every peer current", func() bool {
		var leader *server.Server
		for _, s := range servers {
			if s.JetStreamIsLeader() {
				leader = s
			}
		}
		if leader == nil || len(leader.JetStreamClusterPeers()) != n {
			return false
		}
		for _, s := range servers {
			if !s.JetStreamIsCurrent() {
				return false
			}
		}
		return true
	})
	return servers, urls
}
