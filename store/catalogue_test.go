package store

import (
	"context"
	"testing"
)

// openBuiltin opens the real embedded catalogue in memory.
func openBuiltin(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestCatalogueInvariants holds the built-in catalogue to what users rely on: its size and spread,
// sources on every entry, and lineage that is complete wherever a fate implies a successor.
func TestCatalogueInvariants(t *testing.T) {
	s := openBuiltin(t)
	entries, err := s.List(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 150 {
		t.Errorf("the catalogue has %d entries; it promises at least 150", len(entries))
	}
	byKind := map[string]int{}
	for _, e := range entries {
		byKind[e.Kind]++
		if len(e.Sources) == 0 {
			t.Errorf("%s has no source", e.Slug)
		}
		switch e.Fate {
		case "renamed", "merged", "replaced":
			// A renamed, merged or replaced entry became something: the catalogue must say what.
			if len(e.Successors) == 0 {
				t.Errorf("%s is %s but links to no successor", e.Slug, e.Fate)
			}
		}
		for _, l := range append(e.Predecessors, e.Successors...) {
			if l.Name == "" {
				t.Errorf("%s: relation to %s does not resolve", e.Slug, l.Slug)
			}
		}
		if e.ParentRef == nil && e.Parent != nil {
			t.Errorf("%s: parent %s does not resolve", e.Slug, *e.Parent)
		}
	}
	for kind, least := range map[string]int{"body": 40, "programme": 20, "strategy": 20, "system": 30} {
		if byKind[kind] < least {
			t.Errorf("%d entries of kind %s; want at least %d", byKind[kind], kind, least)
		}
	}
}

// TestLineageChain walks the best-known chain forward, from the NHS Information Authority to
// NHS England, through the relations as the catalogue records them.
func TestLineageChain(t *testing.T) {
	s := openBuiltin(t)
	ctx := context.Background()
	chain := []string{"nhs-information-authority", "nhs-information-centre", "hscic", "nhs-england"}
	for i := 0; i+1 < len(chain); i++ {
		e, err := s.Get(ctx, chain[i])
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, l := range e.Successors {
			found = found || l.Slug == chain[i+1]
		}
		if !found {
			t.Errorf("%s does not lead to %s (successors %v)", chain[i], chain[i+1], e.Successors)
		}
	}
}

// TestScopeResolves checks that every name the catalogue's scope promises answers a query.
func TestScopeResolves(t *testing.T) {
	s := openBuiltin(t)
	ctx := context.Background()
	queries := map[string]string{
		// Bodies.
		"NHS Information Authority": "nhs-information-authority", "NHS Connecting for Health": "nhs-connecting-for-health",
		"NHS Information Centre": "nhs-information-centre", "HSCIC": "hscic", "NHS Digital": "hscic",
		"NHSX": "nhsx", "NHS England Transformation Directorate": "nhse-transformation-directorate",
		"NHS England": "nhs-england", "NHS Commissioning Board Authority": "nhs-commissioning-board-authority",
		"nhs-improvement": "nhs-improvement", "nhs-improvement-2008": "nhs-improvement-2008", "Monitor": "monitor",
		"NHS Trust Development Authority": "nhs-trust-development-authority", "NHS Modernisation Agency": "nhs-modernisation-agency",
		"NHS Institute for Innovation and Improvement": "nhs-institute-for-innovation-and-improvement",
		"NHS Improving Quality":                        "nhs-improving-quality", "Commission for Health Improvement": "commission-for-health-improvement",
		"Healthcare Commission": "healthcare-commission", "Care Quality Commission": "care-quality-commission",
		"National Patient Safety Agency": "national-patient-safety-agency", "Health Protection Agency": "health-protection-agency",
		"Public Health England": "public-health-england", "UK Health Security Agency": "ukhsa", "OHID": "ohid",
		"Health Education England": "health-education-england", "AHSN": "academic-health-science-networks",
		"Health Innovation Networks": "health-innovation-networks", "Primary Care Trusts": "primary-care-trusts",
		"Strategic Health Authorities": "strategic-health-authorities", "Clinical Commissioning Groups": "clinical-commissioning-groups",
		"Integrated Care Boards": "integrated-care-boards", "National Data Guardian": "national-data-guardian",
		"Digital Health and Care Wales": "digital-health-and-care-wales", "NWIS": "nhs-wales-informatics-service",
		"National Information Board": "national-information-board",
		// Programmes.
		"NPfIT": "npfit", "NHS Care Records Service": "nhs-care-records-service", "PACS": "national-pacs-programme",
		"GDE": "global-digital-exemplars", "Fast Followers": "fast-followers", "Digital Aspirants": "digital-aspirants",
		"LHCRE": "lhcre", "care.data": "care-data", "GPSoC": "gp-systems-of-choice", "GP IT Futures": "gp-it-futures",
		"NHS Test and Trace": "nhs-test-and-trace", "GPDPR": "gpdpr", "Unified Tech Fund": "unified-tech-fund",
		"Frontline Digitisation": "frontline-digitisation", "Integrated Digital Care Fund": "integrated-digital-care-fund",
		"NHS Digital Academy": "nhs-digital-academy",
		// Strategies.
		"Information for Health": "information-for-health", "Building the Information Core": "building-the-information-core",
		"Delivering 21st Century IT Support for the NHS": "delivering-21st-century-it-support",
		"power-of-information-2012":                      "power-of-information-2012", "paperless-2018": "paperless-2018", "paperless-2020": "paperless-2020",
		"Personalised Health and Care 2020": "personalised-health-and-care-2020", "Five Year Forward View": "five-year-forward-view",
		"Wachter review": "wachter-review", "Long Term Plan": "long-term-plan", "Topol review": "topol-review",
		"What Good Looks Like": "what-good-looks-like", "Data Saves Lives": "data-saves-lives",
		"A plan for digital health and social care": "plan-for-digital-health-and-social-care", "10 Year Health Plan": "ten-year-health-plan",
		// Systems.
		"NHSnet": "nhsnet", "N3": "n3", "HSCN": "hscn", "spine-1": "spine-1", "Spine 2": "spine-2", "Summary Care Record": "summary-care-record",
		"Choose and Book": "choose-and-book", "e-RS": "e-referral-service", "EPS": "electronic-prescription-service", "GP2GP": "gp2gp",
		"NHSmail": "nhsmail", "HealthSpace": "healthspace", "NHS Direct": "nhs-direct", "NHS Direct Online": "nhs-direct-online",
		"NHS Choices": "nhs-choices", "NHS 111": "nhs-111", "NHS App": "nhs-app", "NHS login": "nhs-login",
		"NHS COVID-19 app": "nhs-covid-19-app", "NHS COVID Pass": "nhs-covid-pass", "Data Transfer Service": "data-transfer-service",
		"MESH": "mesh", "SUS": "secondary-uses-service", "GPES": "gpes", "national data opt-out": "national-data-opt-out",
		"Lorenzo": "lorenzo", "Federated Data Platform": "federated-data-platform", "Read codes": "read-codes", "SNOMED CT": "snomed-ct",
	}
	for q, want := range queries {
		e, err := s.Resolve(ctx, q)
		if err != nil {
			t.Errorf("show %q: %v", q, err)
			continue
		}
		if e.Slug != want {
			t.Errorf("show %q = %s, want %s", q, e.Slug, want)
		}
	}
}
