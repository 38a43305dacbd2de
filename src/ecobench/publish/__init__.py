"""What the provincial office reads: exported tables, the Excel workbook, the reports."""
