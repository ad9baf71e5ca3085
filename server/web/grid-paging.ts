// How many rows of a view one page (and each "more rows" load) holds: the editor, the work page, the
// annotation and term pages that link to rows all count pages with it.
export const gridPageSize = 100;
