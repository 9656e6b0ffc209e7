// Small line icons for the navigation, drawn inline so they follow the text colour.
const common = {
  width: 18,
  height: 18,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.8,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
};

export const FolderIcon = () => (
  <svg {...common}>
    <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
  </svg>
);

export const ImportIcon = () => (
  <svg {...common}>
    <path d="M12 3v12" />
    <path d="m7 10 5 5 5-5" />
    <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
  </svg>
);

export const TableIcon = () => (
  <svg {...common}>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M3 9h18M3 14h18M9 9v11" />
  </svg>
);

export const ExportIcon = () => (
  <svg {...common}>
    <path d="M12 15V3" />
    <path d="m7 8 5-5 5 5" />
    <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
  </svg>
);

export const UploadIcon = () => (
  <svg {...common} width={32} height={32} strokeWidth={1.5}>
    <path d="M12 16V4" />
    <path d="m7 9 5-5 5 5" />
    <path d="M4 16v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
  </svg>
);

export const LogoMark = () => (
  <svg width={22} height={22} viewBox="0 0 24 24" aria-hidden>
    <rect x="2" y="2" width="20" height="20" rx="6" fill="var(--accent)" />
    <path d="M7 8h10M7 12h6M7 16h8" stroke="var(--accent-text)" strokeWidth={2} strokeLinecap="round" />
  </svg>
);

export const BookIcon = () => (
  <svg {...common}>
    <path d="M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2z" />
    <path d="M4 21V5" />
    <path d="M8 7h7M8 11h5" />
  </svg>
);

export const SparkIcon = () => (
  <svg {...common}>
    <path d="M12 3v4M12 17v4M3 12h4M17 12h4" />
    <path d="m6.5 6.5 2.5 2.5M15 15l2.5 2.5M17.5 6.5 15 9M9 15l-2.5 2.5" />
  </svg>
);

export const FlaskIcon = () => (
  <svg {...common}>
    <path d="M9 3h6" />
    <path d="M10 3v6l-5.5 9.5A1.7 1.7 0 0 0 6 21h12a1.7 1.7 0 0 0 1.5-2.5L14 9V3" />
    <path d="M7.5 15h9" />
  </svg>
);

export const CubeIcon = () => (
  <svg {...common}>
    <path d="m12 3 8 4.5v9L12 21l-8-4.5v-9z" />
    <path d="m4 7.5 8 4.5 8-4.5M12 12v9" />
  </svg>
);

export const KeyboardIcon = () => (
  <svg {...common}>
    <rect x="2" y="6" width="20" height="12" rx="2" />
    <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" />
  </svg>
);

export const ChartIcon = () => (
  <svg {...common}>
    <path d="M4 20V4" />
    <path d="M4 20h16" />
    <path d="M8 16v-4" />
    <path d="M12 16V8" />
    <path d="M16 16v-6" />
  </svg>
);

/** Two people side by side: agreement between coders. */
export const CodersIcon = () => (
  <svg {...common}>
    <circle cx="8" cy="8" r="3" />
    <circle cx="16" cy="8" r="3" />
    <path d="M2 20c0-3.3 2.7-6 6-6s6 2.7 6 6" />
    <path d="M14.5 14.2A6 6 0 0 1 22 20" />
  </svg>
);

/** A mortarboard: coder training. */
export const GraduateIcon = () => (
  <svg {...common}>
    <path d="M2 9l10-5 10 5-10 5z" />
    <path d="M6 11v5c0 1.7 2.7 3 6 3s6-1.3 6-3v-5" />
    <path d="M22 9v6" />
  </svg>
);

/** A gavel: a disagreement settled by an adjudicator. */
export const GavelIcon = () => (
  <svg {...common}>
    <path d="M14 4l6 6" />
    <path d="M10 8l6 6" />
    <path d="M12 6l4 4" />
    <path d="M13 11L5 19" />
    <path d="M4 21h8" />
  </svg>
);

/** Two lines joining into one: coders' copies merged back. */
export const MergeIcon = () => (
  <svg {...common}>
    <circle cx="6" cy="5" r="2" />
    <circle cx="18" cy="5" r="2" />
    <circle cx="12" cy="19" r="2" />
    <path d="M6 7v2a5 5 0 0 0 5 5h1v3" />
    <path d="M18 7v2a5 5 0 0 1-5 5" />
  </svg>
);
