//go:build unix

package serve

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"quango/store"
)

// The load benchmarks run on loopback only, with a bounded number of sessions for a bounded
// time, and stop by themselves. QUANGO_BENCH_SESSIONS and QUANGO_BENCH_DURATION change the
// load; -short shrinks it to a quick check that it still runs.
func loadSettings(b *testing.B) (sessions int, d time.Duration) {
	sessions, d = 50, time.Minute
	if v, err := strconv.Atoi(os.Getenv("QUANGO_BENCH_SESSIONS")); err == nil && v > 0 {
		sessions = min(v, 1000)
	}
	if v, err := time.ParseDuration(os.Getenv("QUANGO_BENCH_DURATION")); err == nil && v > 0 {
		d = min(v, 10*time.Minute)
	}
	if testing.Short() {
		sessions, d = min(sessions, 5), min(d, time.Second)
	}
	return sessions, d
}

// loadResult is what one run measured.
type loadResult struct {
	sessions         int
	keys, missed     int
	p50, p99         time.Duration
	cpuPerKey        time.Duration // the process's CPU time (server and clients) per keystroke
	perSession, peak uint64        // bytes
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d sessions: %d keystrokes, p50 %.1f ms, p99 %.1f ms, %d without a frame in 2 s; %.1f ms CPU per keystroke; %.0f KiB per session, peak heap %.0f MiB",
		r.sessions, r.keys, ms(r.p50), ms(r.p99), r.missed, ms(r.cpuPerKey), float64(r.perSession)/1024, float64(r.peak)/(1<<20))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkServeLoad: sessions explorers over SSH type queries, open the top entry and go back,
// with a think time of 50–150 ms between keys, for the duration. It reports keystroke-to-frame
// latency (from a key sent to the first output after it), heap per session and the peak heap.
// The clients run in the same process: their share of the heap is small but counted.
func BenchmarkServeLoad(b *testing.B) {
	sessions, d := loadSettings(b)
	st := loadStore(b)
	ts := startServer(b, st, Config{MaxSessions: 2000, MaxPerAddress: 2000})
	for b.Loop() {
		r := runLoad(b, ts.addr, sessions, d)
		b.Log(r)
		b.ReportMetric(ms(r.p50), "p50-ms")
		b.ReportMetric(ms(r.p99), "p99-ms")
		b.ReportMetric(float64(r.perSession)/1024, "KiB/session")
		b.ReportMetric(float64(r.peak)/(1<<20), "peak-MiB")
		b.ReportMetric(ms(r.cpuPerKey), "cpu-ms/key")
	}
}

// BenchmarkServeCapacity raises the number of sessions step by step (each step runs for the
// duration) and reports the highest whose p99 stayed under 100 ms. It runs only when
// QUANGO_BENCH_CAPACITY is set, and stops at the first step over 100 ms or at 400 sessions.
func BenchmarkServeCapacity(b *testing.B) {
	if os.Getenv("QUANGO_BENCH_CAPACITY") == "" {
		b.Skip("set QUANGO_BENCH_CAPACITY=1 to search for the most sessions with p99 under 100 ms")
	}
	_, d := loadSettings(b)
	st := loadStore(b)
	ts := startServer(b, st, Config{MaxSessions: 2000, MaxPerAddress: 2000})
	for b.Loop() {
		best := 0
		for _, n := range []int{1, 5, 10, 25, 50, 75, 100, 150, 200, 300, 400} {
			r := runLoad(b, ts.addr, n, d)
			b.Log(r)
			if r.p99 >= 100*time.Millisecond {
				break
			}
			best = n
		}
		b.ReportMetric(float64(best), "sessions@p99<100ms")
	}
}

// loadStore is the real catalogue in a database file, as quango serve has it (an in-memory
// database has one connection, which would queue every session's queries behind each other).
func loadStore(b *testing.B) *store.Store {
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "load.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// runLoad opens n explorers, drives them for d and closes them.
func runLoad(b *testing.B, addr string, n int, d time.Duration) loadResult {
	key, _ := newKey(b, "")
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	var (
		mu        sync.Mutex
		latencies []time.Duration
		missed    atomic.Int64
		ready     sync.WaitGroup
		done      sync.WaitGroup
	)
	start := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			got, miss, err := drive(ctx, addr, key, i, &ready, start)
			if err != nil {
				b.Error(err)
			}
			missed.Add(int64(miss))
			mu.Lock()
			latencies = append(latencies, got...)
			mu.Unlock()
		}()
	}
	ready.Wait() // every explorer drawn
	runtime.GC()
	var open runtime.MemStats
	runtime.ReadMemStats(&open)
	var peak atomic.Uint64
	sampled := make(chan struct{})
	go func() { // the peak heap, sampled every 50 ms
		defer close(sampled)
		var m runtime.MemStats
		for ctx.Err() == nil {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	cpu0 := cpuTime()
	close(start)
	time.Sleep(d)
	cancel()
	done.Wait()
	<-sampled
	cpu := cpuTime() - cpu0

	slices.Sort(latencies)
	r := loadResult{sessions: n, keys: len(latencies), missed: int(missed.Load()), peak: peak.Load()}
	if open.HeapInuse > before.HeapInuse {
		r.perSession = (open.HeapInuse - before.HeapInuse) / uint64(n)
	}
	if len(latencies) > 0 {
		r.cpuPerKey = cpu / time.Duration(len(latencies))
		r.p50 = latencies[len(latencies)*50/100]
		r.p99 = latencies[min(len(latencies)-1, len(latencies)*99/100)]
	}
	return r
}

// cpuTime is the CPU the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// queries are typed one key at a time, each followed by Enter (open the top hit), Backspace
// (back to the list) and Ctrl+U (clear the search box).
var queries = []string{"npfit", "nhs digital", "care", "spine", "choose and book", "cfh", "scotland", "records"}

// drive is one client: it opens an explorer, waits for its first frame, then types until ctx
// ends, timing each key to the first output that follows it.
func drive(ctx context.Context, addr string, key gossh.Signer, seed int, ready *sync.WaitGroup, start <-chan struct{}) (latencies []time.Duration, missed int, err error) {
	once := sync.OnceFunc(ready.Done)
	defer once()
	c, err := dial(addr, key)
	if err != nil {
		return nil, 0, err
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		return nil, 0, err
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		return nil, 0, err
	}
	in, err := sess.StdinPipe()
	if err != nil {
		return nil, 0, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return nil, 0, err
	}
	if err := sess.Shell(); err != nil {
		return nil, 0, err
	}
	frames := make(chan time.Time, 1)
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				select {
				case frames <- time.Now():
				default: // a frame is already waiting to be noticed
				}
			}
			if err != nil {
				return
			}
		}
	}()
	// The first frame, then a quiet moment for the rest of the start (counts, the list).
	select {
	case <-frames:
	case <-time.After(30 * time.Second):
		return nil, 0, fmt.Errorf("session %d: no first frame in 30 s", seed)
	}
	time.Sleep(500 * time.Millisecond)
	once()
	<-start
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	q := rng.IntN(len(queries))
	for ctx.Err() == nil {
		var script []string
		for _, r := range queries[q%len(queries)] {
			script = append(script, string(r))
		}
		script = append(script, "\r", "\x7f", "\x15")
		q++
		for _, k := range script {
			if ctx.Err() != nil {
				break
			}
			select { // forget output from before this key
			case <-frames:
			default:
			}
			sent := time.Now()
			if _, err := io.WriteString(in, k); err != nil {
				return latencies, missed, err
			}
			select {
			case at := <-frames:
				latencies = append(latencies, at.Sub(sent))
			case <-time.After(2 * time.Second):
				missed++
			}
			time.Sleep(50*time.Millisecond + time.Duration(rng.Int64N(int64(100*time.Millisecond))))
		}
	}
	io.WriteString(in, "\x03")
	return latencies, missed, nil
}
