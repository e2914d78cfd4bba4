import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  number: { fontFamily: tokens.fontFamilyMonospace },
  owner: { color: tokens.colorNeutralForeground2 },
});

/** A License ID as the administrators' tables show it in a cell: its number, and below it its organization and program. */
export function LicenseIdText({
  licenseId,
}: {
  licenseId: { licenseIdNumber: string; organizationName: string; programName: string };
}) {
  const styles = useStyles();
  return (
    <>
      <span className={styles.number}>{licenseId.licenseIdNumber}</span>
      <div className={styles.owner}>
        {licenseId.organizationName} · {licenseId.programName}
      </div>
    </>
  );
}
