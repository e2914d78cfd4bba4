import { Body1, makeStyles, Title2, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useDocumentTitle } from './document-title';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBlockEnd: tokens.spacingVerticalXL,
  },
  heading: { margin: 0 },
  intro: { color: tokens.colorNeutralForeground2, maxWidth: '72ch' },
});

interface PageHeaderProps {
  /** The page's one h1; also the document title unless `documentTitle` differs. */
  title: string;
  documentTitle?: string;
  intro?: ReactNode;
}

export function PageHeader({ title, documentTitle, intro }: PageHeaderProps) {
  const styles = useStyles();
  useDocumentTitle(documentTitle ?? title);
  return (
    <div className={styles.header}>
      <Title2 as="h1" className={styles.heading}>
        {title}
      </Title2>
      {intro && <Body1 className={styles.intro}>{intro}</Body1>}
    </div>
  );
}
