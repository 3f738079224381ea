package seed

import "fmt"

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
