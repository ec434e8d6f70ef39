package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Letter is one message of the DLQ stream.
type Letter struct {
	// Seq is its sequence in the DLQ stream.
	Seq     uint64
	Failure Failure
	Header  nats.Header
	Body    []byte
}

// ReadDLQ returns the dead letters of stage ("" for every stage), oldest
// first, at most limit of them (0 for all).
func ReadDLQ(ctx context.Context, js jetstream.JetStream, stage string, limit int) ([]Letter, error) {
	filter := DLQSubjectPrefix + ">"
	if stage != "" {
		filter = DLQSubject(stage)
	}
	cons, err := js.OrderedConsumer(ctx, DLQStream, jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", DLQStream, err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", DLQStream, err)
	}
	left := int(info.NumPending)
	if limit > 0 {
		left = min(left, limit)
	}
	letters := make([]Letter, 0, left)
	for len(letters) < left {
		batch, err := cons.Fetch(min(left-len(letters), 256), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return letters, fmt.Errorf("read %s: %w", DLQStream, err)
		}
		n := 0
		for m := range batch.Messages() {
			n++
			md, err := m.Metadata()
			if err != nil {
				continue
			}
			l := Letter{Seq: md.Sequence.Stream, Header: m.Headers(), Body: m.Data()}
			l.Failure, err = DecodeFailure(m.Headers())
			if err != nil {
				l.Failure.Reason = "unreadable dead letter: " + err.Error()
			}
			letters = append(letters, l)
		}
		if err := batch.Error(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return letters, fmt.Errorf("read %s: %w", DLQStream, err)
		}
		if n == 0 {
			break // deleted meanwhile
		}
	}
	return letters, nil
}

// ErrRefetch is returned by Resubmit for a page that was never fetched:
// it has no message to resubmit, only a source to fetch again.
var ErrRefetch = errors.New("the page was never fetched; fetch its source again")

// Resubmit publishes the letter's original message again on its original
// subject, with a new message id so that the duplicate window does not
// drop it, and then deletes the letter from the DLQ.
func Resubmit(ctx context.Context, js jetstream.JetStream, l Letter) error {
	if l.Failure.Stage == StageFetch || l.Failure.OrigSubject == "" {
		return ErrRefetch
	}
	m := nats.NewMsg(l.Failure.OrigSubject)
	for k, vs := range l.Header {
		switch k {
		case HdrStage, HdrReason, HdrFailedAt, HdrOrigSubject, HdrFailureKey, HdrDeliveries, HdrMsgID:
			continue
		}
		m.Header[k] = append([]string(nil), vs...)
	}
	m.Header.Set(HdrMsgID, "resubmit."+l.Failure.Key+"."+strconv.FormatUint(l.Seq, 10))
	m.Data = l.Body
	if _, err := js.PublishMsg(ctx, m); err != nil {
		return fmt.Errorf("resubmit %s: %w", l.Failure.Key, err)
	}
	return Discard(ctx, js, l)
}

// Discard deletes the letter from the DLQ stream.
func Discard(ctx context.Context, js jetstream.JetStream, l Letter) error {
	s, err := js.Stream(ctx, DLQStream)
	if err != nil {
		return fmt.Errorf("discard letter %d: %w", l.Seq, err)
	}
	if err := s.DeleteMsg(ctx, l.Seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("discard letter %d: %w", l.Seq, err)
	}
	return nil
}
