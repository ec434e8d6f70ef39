package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// Seeds for the decoders below live in testdata/fuzz/<FuzzName>.

// FuzzDecodeResult feeds article results with any schema header and body:
// a refusal is permanent, and what is accepted has an article id and
// survives being published again unchanged.
func FuzzDecodeResult(f *testing.F) {
	f.Add(SchemaVersion, []byte(`{"article":{"id":"a1","extractor":"0.1.0"},"deals":[{"id":"d","type":"production","status":"agreed"}]}`))
	f.Fuzz(func(t *testing.T, schema string, data []byte) {
		h := nats.Header{}
		if schema != "" {
			h.Set(HdrSchema, schema)
		}
		r, err := DecodeResult(h, data)
		if err != nil {
			if r != nil {
				t.Errorf("result returned with error %v", err)
			}
			if !errors.Is(err, ErrPermanent) {
				t.Errorf("decode error %q is not permanent", err)
			}
			return
		}
		if schema != SchemaVersion || r.Article.ID == "" {
			t.Fatalf("accepted schema %q, article id %q", schema, r.Article.ID)
		}
		m, err := ResultMsg(r)
		if err != nil {
			t.Fatalf("a decoded result does not encode: %v", err)
		}
		if m.Subject != ExtractedSubject || m.Header.Get(HdrMsgID) != r.Article.ID+"."+r.Article.Extractor || m.Header.Get(HdrArticleID) != r.Article.ID {
			t.Errorf("message %s headers %v", m.Subject, m.Header)
		}
		r2, err := DecodeResult(m.Header, m.Data)
		if err != nil {
			t.Fatalf("a re-encoded result does not decode: %v", err)
		}
		if again, _ := json.Marshal(r2); !bytes.Equal(again, m.Data) {
			t.Errorf("round trip changed the result:\n%s\n%s", m.Data, again)
		}
	})
}

// FuzzDecodeDealEvent feeds deal events: a refusal is permanent, and an
// accepted event goes on a literal deals.<type>.<status> subject and
// survives being published again unchanged.
func FuzzDecodeDealEvent(f *testing.F) {
	f.Add([]byte(`{"schema":"1","deal":{"id":"d","type":"production","status":"agreed"},"article":{"id":"a"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := DecodeDealEvent(data)
		if err != nil {
			if !errors.Is(err, ErrPermanent) {
				t.Errorf("decode error %q is not permanent", err)
			}
			return
		}
		if e.Schema != SchemaVersion {
			t.Fatalf("accepted schema %q", e.Schema)
		}
		m, err := e.Msg()
		if err != nil {
			t.Fatalf("a decoded event does not encode: %v", err)
		}
		if !validSubject(m.Subject) || strings.Count(m.Subject, ".") != 2 || !strings.HasPrefix(m.Subject, DealSubjectPrefix) {
			t.Errorf("subject %q for type %q status %q", m.Subject, e.Deal.Type, e.Deal.Status)
		}
		e2, err := DecodeDealEvent(m.Data)
		if err != nil {
			t.Fatalf("a re-encoded event does not decode: %v", err)
		}
		if again, _ := json.Marshal(e2); !bytes.Equal(again, m.Data) {
			t.Errorf("round trip changed the event:\n%s\n%s", m.Data, again)
		}
	})
}

// FuzzDecodeFailure feeds dead-letter headers: a letter is refused exactly
// when it lacks a key or a stage, and an accepted one goes on a literal
// dealwire.dlq.<stage> subject and survives being dead-lettered again.
func FuzzDecodeFailure(f *testing.F) {
	f.Add("src-0a1b", StageFetch, "HTTP 404", "https://x.example/a", "2", "2024-03-05T10:11:12.5Z", []byte{})
	f.Fuzz(func(t *testing.T, key, stage, reason, source, deliveries, failedAt string, body []byte) {
		h := nats.Header{}
		for k, v := range map[string]string{HdrFailureKey: key, HdrStage: stage, HdrReason: reason, HdrSource: source, HdrDeliveries: deliveries, HdrFailedAt: failedAt} {
			if v != "" {
				h.Set(k, v)
			}
		}
		fl, err := DecodeFailure(h)
		if (err != nil) != (key == "" || stage == "") {
			t.Fatalf("key %q stage %q: error %v", key, stage, err)
		}
		if err != nil {
			if !errors.Is(err, ErrPermanent) {
				t.Errorf("decode error %q is not permanent", err)
			}
			return
		}
		if fl.Key != key || fl.Stage != stage || fl.Reason != reason || fl.Source != source {
			t.Errorf("decoded %+v", fl)
		}
		m := fl.Msg(body, h)
		if !validSubject(m.Subject) || strings.Count(m.Subject, ".") != 2 {
			t.Errorf("subject %q for stage %q", m.Subject, stage)
		}
		if !bytes.Equal(m.Data, body) {
			t.Error("body changed")
		}
		fl2, err := DecodeFailure(m.Header)
		if err != nil {
			t.Fatalf("a re-encoded letter does not decode: %v", err)
		}
		if !fl.At.IsZero() && !fl2.At.Equal(fl.At) || fl.At.IsZero() && time.Since(fl2.At) > time.Minute {
			t.Errorf("failed at %v, then %v", fl.At, fl2.At)
		}
		fl.At, fl2.At = time.Time{}, time.Time{}
		if fl.Deliveries <= 0 {
			fl.Deliveries = fl2.Deliveries // not carried when unknown
		}
		if fl != fl2 {
			t.Errorf("round trip changed the letter:\n%+v\n%+v", fl, fl2)
		}
	})
}
