package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"quango/seed"
)

// Synthetic returns n made-up entries that look like a large real catalogue (every UK
// arm's-length body ever, say): names of three to a dozen words built from the words such bodies
// use, acronyms from their initials (some with digits, some missing), aliases, summaries,
// dates, fates and a few lineage links. The same n always gives the same entries, so benchmarks
// compare like with like; every entry passes the catalogue's validator.
func Synthetic(n int) []seed.Entry {
	r := rand.New(rand.NewPCG(uint64(n), 0x9e3779b97f4a7c15))
	out := make([]seed.Entry, n)
	slugs := make(map[string]bool, n)
	for i := range out {
		out[i] = syntheticEntry(r, i, slugs)
	}
	// A few lineage links, each to a later entry, so there can be no cycle.
	for i := range out {
		if r.IntN(8) == 0 && i+1 < n && out[i].End != "" {
			j := i + 1 + r.IntN(min(50, n-i-1))
			out[i].Relations = []seed.Relation{{Type: seed.RelationTypes[r.IntN(len(seed.RelationTypes))], To: out[j].Slug}}
		}
	}
	return out
}

var (
	synthRegions = []string{"National", "Northern", "Southern", "Eastern", "Western", "Midlands", "London",
		"Yorkshire", "Wessex", "Anglia", "Mersey", "Thames Valley", "Cheshire", "Cumbria", "Kent", "Avon",
		"Devon", "Cornwall", "Humber", "Tees", "Solent", "Pennine", "Central", "Greater Manchester", "Scottish",
		"Welsh", "Northern Ireland"}
	synthAdjectives = []string{"Digital", "Clinical", "Integrated", "Primary", "Secondary", "Community", "Mental",
		"Public", "Social", "Electronic", "Strategic", "Regional", "Local", "Shared", "Patient", "Personal",
		"Quality", "Connected", "Modernisation", "Emergency", "Urgent", "Specialised", "Research", "Genomic",
		"Workforce", "Information", "Technology", "Data", "Care", "Health", "Medical", "Nursing", "Pharmacy",
		"Dental", "Ambulance", "Screening", "Imaging", "Pathology", "Records", "Prescribing", "Interoperability"}
	synthNouns = []string{"Authority", "Agency", "Board", "Council", "Service", "Programme", "Strategy",
		"Network", "Partnership", "Commission", "Directorate", "Unit", "Centre", "Trust", "Alliance", "Forum",
		"Collaborative", "Exemplar", "Platform", "System", "Record", "Spine", "Exchange", "Framework",
		"Observatory", "Institute", "Taskforce", "Hub", "Office", "Review", "Plan", "Initiative", "Fund"}
	synthJoins   = []string{"for", "and", "of", "in", "for the"}
	synthTopics  = []string{"Health", "Care", "Information", "Technology", "Improvement", "Innovation", "Safety", "Excellence", "Records", "Standards", "Commissioning", "Procurement", "Transformation", "Intelligence", "Outcomes", "Cyber Security"}
	synthVerbs   = []string{"ran", "commissioned", "oversaw", "procured", "coordinated", "funded", "regulated", "built", "supported", "published"}
	synthObjects = []string{"the regional patient record", "GP systems", "hospital PAS replacements", "the national spine connection",
		"clinical coding", "e-prescribing pilots", "the shared care record", "informatics training", "data quality audits",
		"cyber assurance", "telehealth trials", "the electronic referral pilots", "PACS roll-outs", "waiting list data"}
	synthPeople  = []string{"Granger", "Wachter", "Darzi", "Topol", "Goldacre", "Caldicott", "Wanless", "Nicholson", "Carter", "Kelsey"}
	synthFates   = []string{"renamed", "merged", "replaced", "abolished", "closed", "cancelled"}
	synthTagPool = []string{"npfit", "regional", "informatics", "primary-care", "records", "standards", "workforce", "data"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func syntheticEntry(r *rand.Rand, i int, slugs map[string]bool) seed.Entry {
	var words []string
	if r.IntN(3) > 0 {
		words = append(words, pick(r, synthRegions))
	}
	if r.IntN(4) == 0 {
		words = append(words, "NHS")
	}
	for range 1 + r.IntN(3) {
		words = append(words, pick(r, synthAdjectives))
	}
	words = append(words, pick(r, synthNouns))
	if r.IntN(3) == 0 {
		words = append(words, pick(r, synthJoins), pick(r, synthTopics))
	}
	name := strings.Join(words, " ")
	if r.IntN(10) == 0 {
		name += ": " + pick(r, []string{"A Strategy for ", "Delivering ", "Towards ", "Building "}) + strings.ToLower(pick(r, synthObjects))
	}
	if r.IntN(12) == 0 {
		name += fmt.Sprintf(" %d", 1990+r.IntN(35))
	}

	// The acronym is the initials of the words that are not little words, sometimes missing.
	var acronym strings.Builder
	for _, w := range strings.Fields(strings.NewReplacer(":", "").Replace(name)) {
		switch {
		case w == "for" || w == "and" || w == "of" || w == "in" || w == "the" || w == "A":
		case w == "NHS" && acronym.Len() == 0:
			acronym.WriteString("NHS")
		case w[0] >= '0' && w[0] <= '9':
			acronym.WriteString(w[2:])
		default:
			acronym.WriteByte(w[0])
		}
	}
	acr := acronym.String()
	if len(acr) > 8 || r.IntN(6) == 0 {
		acr = ""
	}

	slug := slugOf(name)
	if len(slug) > 60 {
		slug = strings.TrimRight(slug[:60], "-")
	}
	for k := 0; slugs[slug]; k++ {
		slug = fmt.Sprintf("%s-%d", strings.TrimRight(slug, "-0123456789"), i+k)
	}
	slugs[slug] = true

	var aliases []string
	for range r.IntN(3) {
		switch r.IntN(3) {
		case 0:
			aliases = append(aliases, pick(r, synthRegions)+" "+pick(r, synthAdjectives)+" "+pick(r, synthNouns))
		case 1:
			if acr != "" {
				aliases = append(aliases, acr+string(rune('A'+r.IntN(26))))
			}
		default:
			aliases = append(aliases, "the "+pick(r, synthAdjectives)+" "+pick(r, synthNouns))
		}
	}

	startYear := 1948 + r.IntN(77)
	start := fmt.Sprintf("%d", startYear)
	if r.IntN(2) == 0 {
		start = fmt.Sprintf("%d-%02d-%02d", startYear, 1+r.IntN(12), 1+r.IntN(28))
	}
	e := seed.Entry{
		Slug: slug, Acronym: acr, Name: name, Aliases: aliases,
		Kind:   seed.Kinds[r.IntN(len(seed.Kinds))],
		Nation: []string{seed.Nations[r.IntN(len(seed.Nations))]},
		Start:  start,
		Fate:   "active", FateNote: "Still running.",
		Summary: fmt.Sprintf("%s %s %s across %s; %s reviewed it.", pick(r, []string{"A body that", "A programme that", "It"}),
			pick(r, synthVerbs), pick(r, synthObjects), strings.ToLower(pick(r, synthRegions)), pick(r, synthPeople)),
		Sources: []seed.Source{{Title: name + " annual report", URL: "https://example.org/" + slug}},
	}
	if r.IntN(5) < 3 {
		endYear := min(startYear+r.IntN(20), 2025)
		e.End = fmt.Sprintf("%d", endYear)
		e.Fate = pick(r, synthFates)
		e.FateNote = fmt.Sprintf("%s in %d.", strings.ToUpper(e.Fate[:1])+e.Fate[1:], endYear)
	}
	if r.IntN(4) == 0 {
		e.History = fmt.Sprintf("It %s %s until the %d review.", pick(r, synthVerbs), pick(r, synthObjects), startYear+1)
	}
	if r.IntN(3) == 0 {
		e.Tags = []string{pick(r, synthTagPool)}
	}
	return e
}

func slugOf(name string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}
