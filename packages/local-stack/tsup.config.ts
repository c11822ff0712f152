import { defineConfig } from 'tsup';
import { libraryConfig } from '../../scripts/build/tsup-base';

export default defineConfig(libraryConfig());
