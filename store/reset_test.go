package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"quango/seed"
)

// TestBuryWithoutNoteKeepsTheFateNote: a burial with no note of its own leaves the entry's fate
// note as it was; one with a note replaces it.
func TestBuryWithoutNoteKeepsTheFateNote(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, Memory)
	if err := s.Bury(ctx, "epsilon-service", Burial{End: "2024-01", Fate: "closed"}); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, s, "epsilon-service")
	if e.Fate != "closed" || e.FateNote != "Running." || len(e.Notes) != 0 {
		t.Errorf("after a burial without a note: fate %s, fate note %q, notes %v", e.Fate, e.FateNote, e.Notes)
	}
	if err := s.Bury(ctx, "epsilon-service", Burial{End: "2024-02", Fate: "closed", Note: "Switched off."}); err != nil {
		t.Fatal(err)
	}
	if e := mustGet(t, s, "epsilon-service"); e.FateNote != "Switched off." {
		t.Errorf("a burial's note did not become the fate note: %q", e.FateNote)
	}
}

// TestBuryInTheFutureAnnouncesTheEnd: an end after today leaves the entry alive with its end
// announced today and an event on the date it is due; a dead entry cannot be sentenced again.
func TestBuryInTheFutureAnnouncesTheEnd(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, Memory)
	if err := s.Bury(ctx, "epsilon-service", Burial{End: "2099-04", Fate: "abolished", Into: "beta-centre"}); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, s, "epsilon-service")
	if e.Fate != "active" || e.End != nil || e.EndAnnounced != Today() || e.FateNote != "Running." {
		t.Errorf("a future end: fate %s, end %v, end_announced %q, fate note %q", e.Fate, e.End, e.EndAnnounced, e.FateNote)
	}
	src, err := s.Source(ctx, "epsilon-service")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(src.Events); n == 0 || src.Events[n-1].Date != "2099-04" || src.Events[n-1].Text != "Due to be abolished (absorbed by beta-centre)." {
		t.Errorf("the due date is not an event: %+v", src.Events)
	}
	if len(src.Relations) != 0 {
		t.Errorf("a living entry got a successor: %+v", src.Relations)
	}
	if err := s.Bury(ctx, "beta-centre", Burial{End: "2024", Fate: "closed"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Bury(ctx, "beta-centre", Burial{End: "2099", Fate: "closed"}); err == nil {
		t.Error("a dead entry was given an end in the future")
	}
}

// TestReset drops the user's edits to some fields or all of them, keeps notes, and refuses
// what it cannot do.
func TestReset(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, Memory)
	if err := s.Bury(ctx, "epsilon-service", Burial{End: "2024-01", Fate: "closed", Note: "Gone.", Source: "https://example.org/gone"}); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, s, "epsilon-service").Edited; !reflect.DeepEqual(got, []string{"end", "fate", "fate_note", "sources"}) {
		t.Fatalf("edited %v", got)
	}
	var ps seed.Problems
	if _, err := s.Reset(ctx, "epsilon-service", []string{"fate"}); !errors.As(err, &ps) {
		t.Errorf("reset of fate alone, leaving an end on an active entry: %v", err)
	}
	reset, err := s.Reset(ctx, "epsilon-service", []string{"sources", "fate_note"})
	if err != nil || !reflect.DeepEqual(reset, []string{"fate_note", "sources"}) {
		t.Fatalf("reset two fields: %v, %v", reset, err)
	}
	e := mustGet(t, s, "epsilon-service")
	if e.FateNote != "Running." || e.Fate != "closed" || len(e.Sources) != 1 || !reflect.DeepEqual(e.Edited, []string{"end", "fate"}) {
		t.Errorf("after a partial reset: fate note %q, fate %s, sources %d, edited %v", e.FateNote, e.Fate, len(e.Sources), e.Edited)
	}
	var none *NoEditsError
	if _, err := s.Reset(ctx, "epsilon-service", []string{"summary"}); !errors.As(err, &none) {
		t.Errorf("reset of an unedited field: %v", err)
	}
	if _, err := s.Reset(ctx, "epsilon-service", []string{"colour"}); err == nil {
		t.Error("reset of a field that does not exist")
	}
	if reset, err := s.Reset(ctx, "epsilon-service", nil); err != nil || !reflect.DeepEqual(reset, []string{"end", "fate"}) {
		t.Fatalf("reset all: %v, %v", reset, err)
	}
	e = mustGet(t, s, "epsilon-service")
	if e.Fate != "active" || len(e.Edited) != 0 || len(e.Notes) != 1 {
		t.Errorf("after reset: fate %s, edited %v, notes %d (the note stays)", e.Fate, e.Edited, len(e.Notes))
	}
	var n int
	s.db.QueryRow("SELECT count(*) FROM user_entries WHERE slug = 'epsilon-service'").Scan(&n)
	if n != 0 {
		t.Error("an entry without edits kept its row")
	}
	if _, err := s.Reset(ctx, "epsilon-service", nil); !errors.As(err, &none) {
		t.Errorf("reset of an unedited entry: %v", err)
	}
	if err := s.Add(ctx, userEntry("mine"), ""); err != nil {
		t.Fatal(err)
	}
	var own *OwnEntryError
	if _, err := s.Reset(ctx, "mine", nil); !errors.As(err, &own) {
		t.Errorf("reset of the user's own entry: %v", err)
	}
}
