/** A Manage page card; hidden when the page is printed (only the QR card prints). */
export const sectionClass = "min-w-0 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-6 print:hidden";
