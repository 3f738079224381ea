package seed

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a partial ISO date: a year, a year and month, or a full day. It keeps the precision
// its source gave, so quango never shows a date as more exact than it is.
type Date struct {
	Year, Month, Day int // Month and Day are 0 when unknown
}

// ParseDate reads "2002", "2002-10" or "2002-10-01" and rejects anything else, including
// impossible days such as 2002-02-30.
func ParseDate(s string) (Date, error) {
	bad := fmt.Errorf("%q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", s)
	var d Date
	switch len(s) {
	case 4, 7, 10:
	default:
		return d, bad
	}
	year, err := strconv.Atoi(s[:4])
	if err != nil || year < 1000 || s[0] == '+' || s[0] == '-' {
		return d, bad
	}
	d.Year = year
	if len(s) == 4 {
		return d, nil
	}
	if s[4] != '-' {
		return d, bad
	}
	month, err := strconv.Atoi(s[5:7])
	if err != nil || month < 1 || month > 12 || !digits(s[5:7]) {
		return d, bad
	}
	d.Month = month
	if len(s) == 7 {
		return d, nil
	}
	if s[7] != '-' || !digits(s[8:10]) {
		return d, bad
	}
	day, _ := strconv.Atoi(s[8:10])
	if day < 1 || day > daysIn(year, month) {
		return d, bad
	}
	d.Day = day
	return d, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Earliest is the first day the date can mean; Latest the last. Comparing a start's Earliest
// with an end's Latest avoids calling "2005" to "2005-04" a backwards span.
func (d Date) Earliest() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Latest is the last day the date can mean.
func (d Date) Latest() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month), daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	}
	return d.Earliest()
}

// Mid is the middle of the period a date covers, used to measure lifespans fairly.
func (d Date) Mid() time.Time {
	a, b := d.Earliest(), d.Latest()
	return a.Add(b.Sub(a) / 2)
}

func (d Date) String() string {
	switch {
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}
