// The shape every aligned-text writer takes: columns (one per chosen version) and rows of cells,
// each cell the sentences of that version in that row, already joined into one string.

export interface AlignedColumn {
  lang: string;
  name: string;
}

export interface AlignedText {
  columns: AlignedColumn[];
  /** rows[r][c]: the text of column c in row r ('' for an empty cell). */
  rows: string[][];
}
