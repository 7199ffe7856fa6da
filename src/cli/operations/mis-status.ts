export { misStatus as operation } from './mis.js';
