export { misSync as operation } from './mis.js';
