package extractors

import "context"

// companyGrouper merges the names of each company into one group with its
// aliases: short forms, acronyms, legal forms.
type companyGrouper struct{}

func (companyGrouper) name() string { return "companies" }

func (companyGrouper) process(_ context.Context, d *doc) error {
	d.groups = d.names.groupCompanies()
	return nil
}
