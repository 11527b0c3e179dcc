import { Text } from 'ink';
import { Table } from 'ink-table';
import { type ReactNode, useMemo } from 'react';
import { useTheme } from './theme';

type Row = Record<string, string>;

/**
 * ink-table without its outer border and the rules between data rows: a panel title already
 * frames it, and at 80x24 every line counts. The rule under the heading stays.
 */
class BorderlessTable extends Table<Row> {
  constructor(props: Table<Row>['props']) {
    super(props);
    const rule = this.separator;
    this.header = () => <></>;
    this.footer = () => <></>;
    // Row keys end in the row's index: only the first row's separator (under the heading) is kept.
    this.separator = (rowProps) => (rowProps.key.endsWith('-0') ? rule(rowProps) : <></>);
  }
}

/** The same without its heading and the rule under it: for a panel with room for its rows only. */
class HeadlessTable extends BorderlessTable {
  constructor(props: Table<Row>['props']) {
    super(props);
    this.heading = () => <></>;
    this.separator = () => <></>;
  }
}

function Heading({ children }: { children?: ReactNode }) {
  return <Text bold>{children}</Text>;
}

function Rule({ children }: { children?: ReactNode }) {
  return <Text color={useTheme().tone('muted')}>{children}</Text>;
}

interface Props {
  readonly rows: readonly Row[];
  readonly columns: readonly string[];
  /** A column drawn bold in the accent colour (its words already say what it means). */
  readonly accent?: string;
  /** Without the heading and its rule (two lines): default with. */
  readonly headed?: boolean;
}

export function CompactTable({ rows, columns, accent, headed = true }: Props) {
  const theme = useTheme();
  const accentIndex = accent === undefined ? -1 : columns.indexOf(accent);
  const Cell = useMemo(
    () =>
      function Cell({ column, children }: { column: number; children?: ReactNode }) {
        return column === accentIndex ? (
          <Text bold color={theme.tone('accent')}>
            {children}
          </Text>
        ) : (
          <Text>{children}</Text>
        );
      },
    [accentIndex, theme],
  );
  const Drawn = headed ? BorderlessTable : HeadlessTable;
  return <Drawn data={[...rows]} columns={[...columns]} header={Heading} skeleton={Rule} cell={Cell} />;
}
