package seed

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Human is the date as people read it, at its own precision: "1 Apr 2013", "Apr 2013", "2013".
func (d Date) Human() string {
	switch {
	case d.Month == 0:
		return fmt.Sprintf("%d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%s %d", monthAbbr[d.Month-1], d.Year)
	}
	return fmt.Sprintf("%d %s %d", d.Day, monthAbbr[d.Month-1], d.Year)
}

var monthAbbr = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// HumanDate is Human for a date as stored ("2013-04-01" → "1 Apr 2013"); text that is not a
// date is returned as it is.
func HumanDate(s string) string {
	d, err := ParseDate(s)
	if err != nil {
		return s
	}
	return d.Human()
}

// ParseHuman reads a date as Human writes it ("1 Apr 2013", "Apr 2013", "2013") or as stored
// ("2013-04-01"), so a note quango exported reads back the same.
func ParseHuman(s string) (Date, error) {
	if d, err := ParseDate(s); err == nil {
		return d, nil
	}
	bad := fmt.Errorf("%q is not a date (want 1 Apr 2013, Apr 2013, 2013 or 2013-04-01)", s)
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 3 {
		return Date{}, bad
	}
	month := slices.Index(monthAbbr[:], f[len(f)-2]) + 1
	if month == 0 {
		return Date{}, bad
	}
	iso := fmt.Sprintf("%s-%02d", f[len(f)-1], month)
	if len(f) == 3 {
		day, err := strconv.Atoi(f[0])
		if err != nil {
			return Date{}, bad
		}
		iso += fmt.Sprintf("-%02d", day)
	}
	d, err := ParseDate(iso)
	if err != nil {
		return Date{}, bad
	}
	return d, nil
}
