package job

import (
	"sync"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
)

// maxRecent bounds a generation of recentEvents: a notice follows its
// commit within milliseconds, and one that comes later reads the store.
const maxRecent = 4096

// recentEvents holds the deal events of the results the job's own sink
// stored, until their notices come, so that reporting them does not read
// them back from the store. It keeps two generations of at most maxRecent
// articles each.
type recentEvents struct {
	mu       sync.Mutex
	cur, old map[string][]pipeline.DealEvent
}

// put keeps the deal events of results just stored; the sink calls it.
func (r *recentEvents) put(results []*extractors.Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, res := range results {
		if len(r.cur) >= maxRecent || r.cur == nil {
			r.old, r.cur = r.cur, make(map[string][]pipeline.DealEvent, maxRecent)
		}
		r.cur[res.Article.ID] = pipeline.DealEvents(res)
	}
}

// take returns and forgets the deal events of an article stored here.
func (r *recentEvents) take(id string) ([]pipeline.DealEvent, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range []map[string][]pipeline.DealEvent{r.cur, r.old} {
		if evs, ok := m[id]; ok {
			delete(m, id)
			return evs, true
		}
	}
	return nil, false
}
