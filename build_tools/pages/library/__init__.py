"""A library of reports: the pure part (records of built reports, their addresses, the
library's own pages, the indicators across years). ``publish/library/`` builds the reports
and writes the output; nothing here reads or writes a file."""
