// Every screen of the app, in nav order: what the nav lists and what the shell renders. A new
// screen is one entry here (and its id in state/nav-store).
import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/en';
import type { ScreenId } from '../state/nav-store';
import {
  BookIcon,
  GavelIcon,
  ChartIcon,
  CodersIcon,
  MergeIcon,
  CubeIcon,
  ExportIcon,
  FlaskIcon,
  FolderIcon,
  GraduateIcon,
  ImportIcon,
  KeyboardIcon,
  SparkIcon,
  TableIcon,
} from '../components/icons';
import { AdjudicationScreen } from './adjudication-screen';
import { AgreementScreen } from './agreement-screen';
import { AnnotateScreen } from './annotate-screen';
import { CodebookScreen } from './codebook-screen';
import { CodersScreen } from './coders-screen';
import { BrowseScreen } from './browse-screen';
import { ImportScreen } from './import-screen';
import { ModelsScreen } from './models-screen';
import { PlaygroundScreen } from './playground-screen';
import { PrelabelScreen } from './prelabel-screen';
import { ExportScreen } from './export-screen';
import { ProjectsScreen } from './projects-screen';
import { TrainingScreen } from './training-screen';
import { ValidationScreen } from './validation-screen';

export interface ScreenEntry {
  id: ScreenId;
  label: MessageKey;
  icon: ComponentType;
  /** Screens that show a project's data are disabled until one is open. */
  needsProject: boolean;
  component: ComponentType;
}

export const screens: readonly ScreenEntry[] = [
  { id: 'projects', label: 'nav.projects', icon: FolderIcon, needsProject: false, component: ProjectsScreen },
  { id: 'import', label: 'nav.import', icon: ImportIcon, needsProject: true, component: ImportScreen },
  { id: 'browse', label: 'browse.nav', icon: TableIcon, needsProject: true, component: BrowseScreen },
  { id: 'codebook', label: 'nav.codebook', icon: BookIcon, needsProject: true, component: CodebookScreen },
  { id: 'prelabel', label: 'nav.prelabel', icon: SparkIcon, needsProject: true, component: PrelabelScreen },
  { id: 'annotate', label: 'annotate.nav', icon: KeyboardIcon, needsProject: true, component: AnnotateScreen },
  { id: 'validation', label: 'validation.nav', icon: ChartIcon, needsProject: true, component: ValidationScreen },
  { id: 'agreement', label: 'agreement.nav', icon: CodersIcon, needsProject: true, component: AgreementScreen },
  { id: 'training', label: 'training.nav', icon: GraduateIcon, needsProject: true, component: TrainingScreen },
  { id: 'adjudication', label: 'adjudication.nav', icon: GavelIcon, needsProject: true, component: AdjudicationScreen },
  { id: 'coders', label: 'coders.nav', icon: MergeIcon, needsProject: true, component: CodersScreen },
  { id: 'export', label: 'export.nav', icon: ExportIcon, needsProject: true, component: ExportScreen },
  // The model is the app's, not a project's: the playground works with no project open.
  { id: 'playground', label: 'nav.playground', icon: FlaskIcon, needsProject: false, component: PlaygroundScreen },
  { id: 'models', label: 'nav.models', icon: CubeIcon, needsProject: false, component: ModelsScreen },
];
